import type { PanelViewState } from '../../common/protocol';
import { chartsKey, groupingCharts } from '../../common/render/audit-charts';
import { groupId, groupingKind, groupingName, groupName, referenceGroup } from '../../common/render/audit-model';
import { aggregatesNote, aggregatesTable, groupsNote, groupsTable, referenceNote, referenceTable } from '../../common/render/audit-tables';
import { auditTitle, describeAudit, FOUR_FIFTHS_CAVEAT, positiveMeaning } from '../../common/render/text';
import type { AuditReport } from '../../common/reports/audit';
import { chooser, Drawn, OnView, tabs } from './controls';
import { el, rendered } from './dom';
import { tableElement } from './table';

/**
 * The audit: a grouping chooser (every grouping the report carries), a reference-group chooser,
 * and tabs for the groups' figures, the comparisons with the reference, the aggregates (over all
 * groups and over the adequately sized ones) and the charts.
 */
export function auditView(report: AuditReport, view: PanelViewState, onView: OnView, onSetPositiveMeans?: () => void): Drawn {
  const index = Math.max(0, Math.min(view.grouping ?? 0, report.groupings.length - 1));
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
    grouping.groups
      .map((g, i) => ({ g, i }))
      .filter(({ g }) => g.count > 0)
      .map(({ g, i }) => ({
        value: groupId(g),
        label: `${groupName(g)} (${g.count} rows)${groupId(g) === groupId({ key: grouping.reference }) ? ", the report's reference" : i === 0 ? ', largest' : ''}`,
      })),
    groupId(grouping.groups[reference.index]!),
    (value) => onView({ reference: value }, true),
  );

  const groupsPanel = el(
    'section',
    {},
    tableElement(groupsTable(report, grouping, chosen), sorted('groups')),
    el('p', { class: 'note' }, groupsNote(report, grouping, chosen)),
  );
  const referencePanel = el(
    'section',
    {},
    el('p', { class: 'note' }, referenceNote(report, grouping, chosen)),
    tableElement(referenceTable(report, grouping, chosen), sorted('reference')),
  );
  const aggregatesPanel = el(
    'section',
    {},
    tableElement(aggregatesTable(report, grouping), sorted('aggregates')),
    el('p', { class: 'note', 'data-testid': 'aggregates-note' }, aggregatesNote(report, grouping, chosen)),
  );
  const chartsPanel = el(
    'section',
    {},
    el('p', { class: 'note', 'data-testid': 'charts-key' }, chartsKey(report, grouping)),
    el('div', { class: 'charts' }, ...groupingCharts(report, grouping).map((svg) => el('figure', {}, rendered(svg)))),
  );

  const warnings =
    report.warnings.length > 0
      ? [el('h2', {}, 'Warnings'), el('ul', {}, ...report.warnings.map((w) => el('li', {}, w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message)))]
      : [];
  return {
    nodes: [
      el('h1', {}, `Fairness audit: ${auditTitle(report.file)}`),
      el('ul', { class: 'run' }, ...describeAudit(report).map((line) => el('li', {}, line, ...setPositiveMeans(report, line, onSetPositiveMeans)))),
      el('div', { class: 'choosers' }, groupingChooser, referenceChooser),
      tabs(
        'audit-tabs',
        view.tab ?? 0,
        [
          ['Groups', groupsPanel],
          ['Against the reference', referencePanel],
          ['Aggregates', aggregatesPanel],
          ['Charts', chartsPanel],
        ],
        onView,
      ),
      ...warnings,
      el('p', { class: 'caveat' }, FOUR_FIFTHS_CAVEAT),
    ],
  };
}

/** " — Set…" after the header's "not stated" line: asks what a positive prediction means. */
function setPositiveMeans(report: AuditReport, line: string, onSet: (() => void) | undefined): (Node | string)[] {
  const meaning = positiveMeaning(report);
  if (!onSet || !meaning || meaning.stated || line !== meaning.text) return [];
  const button = el('button', { type: 'button', class: 'link', 'data-testid': 'set-positive-means' }, 'Set…');
  button.addEventListener('click', onSet);
  return [' — ', button];
}
