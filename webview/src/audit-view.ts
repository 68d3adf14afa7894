import type { AuditContent, PanelViewState, ProxyFix } from '../../common/protocol';
import { chartsKey, groupingCharts } from '../../common/render/audit-charts';
import { defaultGroupingLine, shownGroupingIndex } from '../../common/render/default-grouping';
import {
  comparesGroups,
  groupId,
  groupingKind,
  groupingName,
  groupName,
  listedGroups,
  referenceGroup,
  showsFourFifthsFlags,
} from '../../common/render/audit-model';
import { aggregatesNote, aggregatesTable, groupsNote, groupsTable, referenceNote, referenceTable } from '../../common/render/audit-tables';
import { jointLines, proxiesNote, proxiesTable } from '../../common/render/proxies';
import { referenceScopeLine } from '../../common/render/reference-scope';
import { auditTitle, describeAudit, formatCount, FOUR_FIFTHS_CAVEAT, NO_LABEL_LINE, positiveMeaning, sanitizeQuery } from '../../common/render/text';
import type { AuditReport, GroupResult } from '../../common/reports/audit';
import { chooser, Drawn, OnView, positiveMeansLink, tabs } from './controls';
import { el, rendered } from './dom';
import { tableElement } from './table';

/** What the audit view asks of the extension. */
export interface AuditActions {
  /** Audit again against this reference group (its values by column), for its intervals. */
  chooseReference(group: GroupResult['key']): void;
  /** The reference group (its id) whose audit is running, if any. */
  recomputing: string | undefined;
  /** The header's "Set…" after "not stated" ("Change…" after a stated meaning): ask what a positive prediction means. */
  setPositiveMeans(): void;
  /** The header's "Configure Columns…" after the no-label line of a dataset audit. */
  configureColumns(): void;
  /** The header's "Audit again" after settings changed since the audit ran. */
  auditAgain(): void;
  /** A Proxies row's fix. */
  fixProxy(fix: ProxyFix, column: string, sensitive: string): void;
}

/**
 * The audit: a grouping chooser (every grouping the report carries), a reference-group chooser,
 * and tabs for the groups' figures, the comparisons with the reference, the aggregates (over all
 * groups and over the adequately sized ones) and the charts; then the file's proxies. A reference
 * chosen here is compared at once from the groups' rates (point estimates, no intervals) while the
 * extension audits again against it; its report then brings the intervals.
 */
export function auditView(content: AuditContent, view: PanelViewState, onView: OnView, actions: AuditActions): Drawn {
  const report = content.report;
  const index = shownGroupingIndex(report, view.grouping);
  const grouping = report.groupings[index]!;
  const reference = referenceGroup(grouping, view.reference);
  const chosen = view.reference !== undefined && reference.source === 'chosen' ? view.reference : undefined;
  const sorted = (id: string) => ({
    ...(view.sorts?.[id] ? { sort: view.sorts[id] } : {}),
    onSort: (sort: { column: string; descending: boolean }) => onView({ sorts: { ...view.sorts, [id]: sort } }),
  });

  const groupingChooser = chooser(
    'grouping-chooser',
    'Grouping',
    report.groupings.map((g, i) => ({ value: String(i), label: groupingName(g), group: groupingKind(report, g) })),
    String(index),
    (value) => onView({ grouping: Number(value), reference: undefined }, true),
  );
  const referenceChooser = chooser(
    'reference-chooser',
    'Reference group',
    listedGroups(report, grouping)
      .filter(({ group }) => group.count > 0)
      .map(({ group: g, index }) => ({
        value: groupId(g),
        label: `${groupName(g)} (${formatCount(g.count)} ${g.count === 1 ? 'row' : 'rows'})${groupId(g) === groupId({ key: grouping.reference }) ? ", the report's reference" : index === 0 ? ', largest' : ''}`,
      })),
    groupId(grouping.groups[reference.index]!),
    (value) => {
      const group = grouping.groups.find((g) => groupId(g) === value);
      // another reference than the report's: its figures need a new audit (the report's own needs none)
      if (group && value !== groupId({ key: grouping.reference })) actions.chooseReference(group.key);
      onView({ reference: value }, true);
    },
  );
  // references are kept per column: say which other groupings a reference chosen here changes
  const set =
    chosen !== undefined
      ? grouping.groups[reference.index]!.key
      : Object.fromEntries(
          grouping.by.flatMap((column) => (report.columns.references[column] !== undefined ? [[column, report.columns.references[column]]] : [])),
        );
  const scope = referenceScopeLine(report, grouping, set);
  const scopeNote = scope !== undefined ? [el('p', { class: 'note', 'data-testid': 'reference-scope' }, scope)] : [];
  const recomputing =
    chosen !== undefined && actions.recomputing === chosen
      ? [
          el(
            'p',
            { class: 'note', role: 'status', 'data-testid': 'recomputing' },
            `Auditing again against "${groupName(grouping.groups[reference.index]!)}" for its intervals; meanwhile the figures against it are point estimates (in italics).`,
          ),
        ]
      : [];

  // until the user picks a grouping, why this one is shown
  const why = view.grouping === undefined ? defaultGroupingLine(report) : undefined;
  const groupingWhy = why !== undefined ? [el('p', { class: 'note', 'data-testid': 'grouping-why' }, why)] : [];
  const compared = comparesGroups(report);
  const groupsPanel = el(
    'section',
    {},
    tableElement(groupsTable(report, grouping, chosen, 'panel'), sorted('groups')),
    el('p', { class: 'note', 'data-testid': 'groups-note' }, groupsNote(report, grouping, chosen, 'panel')),
  );
  const referencePanel = el(
    'section',
    {},
    el('p', { class: 'note', 'data-testid': 'reference-note' }, referenceNote(report, grouping, chosen, 'panel')),
    tableElement(referenceTable(report, grouping, chosen), sorted('reference')),
  );
  const aggregatesPanel = el(
    'section',
    {},
    tableElement(aggregatesTable(report, grouping), sorted('aggregates')),
    el('p', { class: 'note', 'data-testid': 'aggregates-note' }, aggregatesNote(report, grouping, chosen, 'panel')),
  );
  const chartsPanel = el(
    'section',
    {},
    el('p', { class: 'note', 'data-testid': 'charts-key' }, chartsKey(report, grouping, chosen)),
    el('div', { class: 'charts' }, ...groupingCharts(report, grouping, chosen).map((svg) => el('figure', {}, rendered(svg)))),
  );

  const warnings =
    report.warnings.length > 0
      ? [el('h2', {}, 'Warnings'), el('ul', {}, ...report.warnings.map((w) => el('li', {}, w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message)))]
      : [];
  return {
    nodes: [
      el('h1', {}, `Fairness audit: ${auditTitle(report.file, report.query)}`),
      el(
        'ul',
        { class: 'run' },
        ...describeAudit(report).map((line) =>
          el('li', {}, line, ...setPositiveMeans(report, line, actions.setPositiveMeans), ...configureColumns(line, actions.configureColumns)),
        ),
        ...staleSettings(content.staleSettings, actions.auditAgain),
      ),
      ...(report.query !== undefined
        ? [el('details', { class: 'query', 'data-testid': 'query' }, el('summary', {}, 'Query'), el('pre', {}, sanitizeQuery(report.query)))]
        : []),
      // sizes alone (no label): no reference to choose, nothing to compare with it or aggregate
      el('div', { class: 'choosers' }, groupingChooser, ...(compared ? [referenceChooser] : [])),
      ...groupingWhy,
      ...(compared ? scopeNote : []),
      ...recomputing,
      tabs(
        'audit-tabs',
        view.tab ?? 0,
        compared
          ? [
              ['Groups', groupsPanel],
              ['Against the reference', referencePanel],
              ['Aggregates', aggregatesPanel],
              ['Charts', chartsPanel],
            ]
          : [
              ['Groups', groupsPanel],
              ['Charts', chartsPanel],
            ],
        onView,
      ),
      proxiesSection(content, sorted('proxies'), actions.fixProxy),
      ...warnings,
      ...(showsFourFifthsFlags(report) ? [el('p', { class: 'caveat' }, FOUR_FIFTHS_CAVEAT)] : []),
    ],
  };
}

/** The file's proxies, from the language server's leakage check (asked for once the panel shows). */
function proxiesSection(content: AuditContent, sorting: Parameters<typeof tableElement>[1], onFix: AuditActions['fixProxy']): HTMLElement {
  const findings = content.proxies;
  const section = el('section', { 'data-testid': 'proxies' }, el('h2', {}, 'Proxies'));
  if (findings === undefined) {
    section.append(el('p', { class: 'note', role: 'status' }, 'Checking which columns predict a sensitive attribute…'));
    return section;
  }
  section.append(el('p', { class: 'note' }, proxiesNote(findings, 'panel')));
  if (!findings.checked) return section;
  if (findings.proxies.length > 0) {
    const fixes = (row: number) => {
      const { column, sensitive } = findings.proxies[row]!;
      const fix = (kind: ProxyFix, label: string, title: string) => {
        const button = el('button', { type: 'button', class: 'link', 'data-testid': `proxy-${kind}`, title }, label);
        button.addEventListener('click', () => onFix(kind, column, sensitive));
        return button;
      };
      return el(
        'span',
        { class: 'fixes' },
        fix('markSensitive', 'Mark sensitive', `Audit ${column} as a sensitive attribute of this file too`),
        ' · ',
        fix('ignore', 'Ignore', `Stop flagging ${column} as a proxy of ${sensitive} in this workspace`),
      );
    };
    section.append(tableElement(proxiesTable(findings), { ...sorting, action: { header: 'Fix', cell: fixes } }));
  }
  section.append(...jointLines(findings).map((line) => el('p', { class: 'flag' }, line)));
  return section;
}

/** The header's line on settings changed since the audit ran, with "Audit again". */
function staleSettings(changes: readonly string[] | undefined, onAudit: () => void): Node[] {
  if (!changes || changes.length === 0) return [];
  const button = el('button', { type: 'button', class: 'link', 'data-testid': 'audit-again' }, 'Audit again');
  button.addEventListener('click', onAudit);
  return [el('li', { class: 'stale', 'data-testid': 'stale-settings' }, `Settings changed since this audit: ${changes.join(', ')} — `, button)];
}

/** " — Configure Columns…" after the no-label line: the label is a role of the file. */
function configureColumns(line: string, onConfigure: () => void): (Node | string)[] {
  if (line !== NO_LABEL_LINE) return [];
  const button = el('button', { type: 'button', class: 'link', 'data-testid': 'configure-columns' }, 'Configure Columns…');
  button.addEventListener('click', onConfigure);
  return [' — ', button];
}

/** " — Set…" after the header's "not stated" line, " — Change…" after a stated meaning. */
function setPositiveMeans(report: AuditReport, line: string, onSet: (() => void) | undefined): (Node | string)[] {
  const meaning = positiveMeaning(report);
  if (!onSet || !meaning || line !== meaning.text) return [];
  return positiveMeansLink(meaning.stated, onSet);
}
