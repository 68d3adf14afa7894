import type { MitigationOutput, PanelViewState } from '../../common/protocol';
import { mitigationCharts } from '../../common/render/mitigation-charts';
import { differenceRatioNote } from '../../common/render/difference-ratio';
import {
  afterChoice,
  beforeAfterNote,
  beforeAfterTable,
  hasGroups,
  MitigationHeaderLine,
  MitigationHeaderLineId,
  mitigationHeader,
  perGroupTable,
  shownParameters,
  sweepOptions,
} from '../../common/render/mitigation-model';
import { sweepFairnessName, sweepLargeGroups, sweepPlot } from '../../common/render/plots';
import { settingText } from '../../common/render/tradeoff';
import { fileName } from '../../common/render/text';
import { settingsMarkup } from '../../common/render/settings';
import { thresholdRulesMarkup } from '../../common/render/threshold-rules';
import { groupsWord } from '../../common/render/set-aside';
import type { MitigationReport } from '../../common/reports/mitigation';
import { chooser, Drawn, groupsChooser, OnView, positiveMeansLink, tabs } from './controls';
import { el, rendered } from './dom';
import { tableElement } from './table';
import { tradeoffChart } from './tradeoff-chart';

/** What the mitigation panel asks of the extension. */
export interface MitigationActions {
  /** "Set…" after "not stated", "Change…" after a stated meaning: ask what a positive prediction means. */
  setPositiveMeans?: () => void;
  /** Open predictions.csv or model.json beside the report. */
  openOutput?: (file: MitigationOutput) => void;
}

/**
 * A mitigation run: which setting "after" is (the run's own, or a sweep point chosen here or
 * clicked in a comparison), the before/after figures with the direction that is fairer, the
 * per-group figures, every setting used, and the sweep plot (a click shows that point as "after").
 */
export function mitigationView(report: MitigationReport, view: PanelViewState, onView: OnView, actions: MitigationActions = {}): Drawn {
  const after = afterChoice(report, view.sweepIndex);
  const sorted = (id: string) => ({
    ...(view.sorts?.[id] ? { sort: view.sorts[id] } : {}),
    onSort: (sort: { column: string; descending: boolean }) => onView({ sorts: { ...view.sorts, [id]: sort } }),
  });
  const show = (sweepIndex: number | null) => onView({ sweepIndex }, true);

  // the header's lines, the sweep chooser just above the "after" line it sets
  const { title, lines } = mitigationHeader(report, after);
  const header: HTMLElement[] = [el('h1', {}, title), ...lines.filter((line) => !BELOW_CHOOSER.has(line.id)).map((line) => headerLine(report, line, actions))];
  if (report.tradeoff.length > 0) {
    const own = after.chosenIndex;
    header.push(
      el(
        'div',
        { class: 'choosers' },
        chooser(
          'sweep-chooser',
          'Shown as “after”',
          [
            { value: '', label: "the run's own result" },
            ...sweepOptions(report).map((o) => ({ value: String(o.index), label: `${o.label}${o.index === own ? " (the run's own result)" : ''}` })),
          ],
          after.sweepIndex === null || after.sweepIndex === own ? '' : String(after.sweepIndex),
          (value) => show(value === '' ? null : Number(value)),
        ),
      ),
    );
  }
  header.push(...lines.filter((line) => BELOW_CHOOSER.has(line.id)).map((line) => headerLine(report, line, actions)));
  if (after.sweepIndex !== null && !hasGroups(report.tradeoff[after.sweepIndex])) {
    header.push(el('p', { class: 'note' }, 'This report was written before sweep points carried per-group figures: run the method again to see them.'));
  }

  const table = beforeAfterTable(report, after.summary);
  const opposite = differenceRatioNote(table);
  const panels: [string, HTMLElement][] = [
    [
      'Before and after',
      el(
        'section',
        {},
        tableElement(table, sorted('before-after')),
        ...(opposite ? [el('p', { class: 'note', 'data-testid': 'difference-ratio-note' }, opposite)] : []),
        el('p', { class: 'note', 'data-testid': 'before-after-note' }, beforeAfterNote(report, after.summary)),
      ),
    ],
    ['Per group', el('section', {}, tableElement(perGroupTable(report, after.summary), sorted('per-group')))],
    [
      'Settings',
      el(
        'section',
        { 'data-testid': 'settings' },
        // the fitted state (rules, weights) is the run's own: a sweep point's model is not kept
        ...(after.sweepIndex !== null && after.sweepIndex !== after.chosenIndex
          ? [
              el(
                'p',
                { class: 'note', 'data-testid': 'settings-note' },
                `These are the settings and fitted state of the run's own result, not of ${settingText(report.tradeoff[after.sweepIndex]!.parameter, report.tradeoff[after.sweepIndex]!.value)} shown as “after”: run the method again with that setting to get its model.`,
              ),
            ]
          : []),
        rendered(thresholdRulesMarkup(report) + settingsMarkup(shownParameters(report))),
      ),
    ],
  ];
  let chart: { element: HTMLElement; dispose(): void } | undefined;
  if (report.tradeoff.length > 0) {
    // the gap over the groups of adequate size by default, as the before/after table's verdict (older reports: over all, no chooser)
    const sizes = sweepLargeGroups(report);
    const groups = sizes && view.groups === 'all' ? 'all' : 'large';
    const plot = sweepPlot(report, after.sweepIndex ?? after.chosenIndex, groups);
    const fairness = sweepFairnessName(report, groups);
    const quality = report.task === 'classification' ? 'accuracy' : 'mean squared error';
    // opens on the useful region, as the comparison does: settings beaten on both axes by the method's
    // own (reject option's widest bands, cold try 10 #12) are counted outside it, with Show all
    chart = tradeoffChart(
      plot,
      view.showAll ?? false,
      {
        describe: (point, others, opens) => {
          const shown = (p: typeof point) => p.id === (after.sweepIndex ?? after.chosenIndex);
          return {
            heading: point.setting,
            lines: [
              `${quality} ${point.y.toFixed(3)} · ${fairness}: ${point.x.toFixed(3)}`,
              ...(others.length > 0 ? [`also here: ${others.map((o) => o.setting).join('; ')}`] : []),
              shown(point) ? 'shown as “after”' : opens === point ? 'click to show this setting as “after”' : '',
              ...(opens !== point ? [shown(opens) ? `a click here keeps ${opens.setting} as “after”` : `a click here shows ${opens.setting} as “after”`] : []),
            ].filter(Boolean),
          };
        },
        describeReference: () => ['before mitigation', `${quality} ${plot.reference!.y.toFixed(3)} · ${fairness}: ${plot.reference!.x.toFixed(3)}`],
        open: (point) => show(point.id === after.chosenIndex ? null : point.id),
        onShowAll: (showAll) => onView({ showAll }),
        onZoom: (zoom) => onView({ zoom }),
      },
      view.zoom,
    );
    panels.push([
      `Sweep over ${report.tradeoff[0]!.parameter}`,
      el(
        'section',
        {},
        el(
          'p',
          { class: 'note' },
          `Every setting of the sweep, in order of strength, with “before” as a ring. Click a point (or Tab to the plot, then arrow keys and Enter) to show that setting as “after”.`,
        ),
        ...(sizes ? [groupsChooser(sizes, groups, (chosen) => onView({ groups: chosen }, true))] : []),
        ...(sizes && groups === 'large'
          ? [
              el(
                'p',
                { class: 'note', 'data-testid': 'groups-note' },
                `The fairness gap is over the ${groupsWord(sizes.groups)} with at least ${sizes.minGroupSize} rows${sizes.minLabelCount !== undefined ? ` and ${sizes.minLabelCount} rows with each label value` : ''}, as in the before/after table's verdict; ${quality} is over every row.`,
              ),
            ]
          : []),
        chart.element,
      ),
    ]);
  }
  panels.push([
    'Charts',
    el('section', {}, el('div', { class: 'charts' }, ...mitigationCharts(report, after.summary).map((svg) => el('figure', {}, rendered(svg))))),
  ]);
  const warnings = report.warnings.length > 0 ? [el('h2', {}, 'Warnings'), el('ul', {}, ...report.warnings.map((w) => el('li', {}, w)))] : [];
  return { nodes: [...header, tabs('mitigation-tabs', view.tab ?? 0, panels, onView), ...warnings], ...(chart ? { dispose: chart.dispose } : {}) };
}

/** The header lines about the "after" shown: under the sweep chooser that sets it. */
const BELOW_CHOOSER = new Set<MitigationHeaderLineId>(['after-setting', 'own-files', 'randomized', 'tolerance', 'selection-warning']);

/** The header lines drawn other than as a run line. */
const HEADER_CLASS: Partial<Record<MitigationHeaderLineId, string>> = {
  'after-setting': 'after-setting',
  'own-files': 'note',
  tolerance: 'note',
  'selection-warning': 'flag',
  'shared-rows': 'flag',
};

/** The panel's test ids of the header lines (the run line has none). */
const HEADER_TEST_IDS: Record<MitigationHeaderLineId, string | undefined> = {
  run: undefined,
  'shared-rows': 'shared-rows',
  'compared-in': 'compared-in',
  columns: 'columns-summary',
  bins: 'bins-summary',
  positive: 'positive-meaning',
  features: 'features-summary',
  'features-left-out': 'features-left-out',
  settings: 'settings-summary',
  'after-setting': 'after-setting',
  'own-files': 'own-files',
  randomized: 'randomized',
  tolerance: 'tolerance',
  'selection-warning': 'selection-warning',
};

/** A header line; what a positive prediction means ends with " — Set…" or " — Change…" (as the audit's header has it). */
function headerLine(report: MitigationReport, line: MitigationHeaderLine, actions: MitigationActions): HTMLElement {
  const testId = HEADER_TEST_IDS[line.id];
  const element = el('p', { class: HEADER_CLASS[line.id] ?? 'run', ...(testId ? { 'data-testid': testId } : {}) }, ...verdictFirst(line));
  if (line.id === 'positive' && actions.setPositiveMeans) element.append(...positiveMeansLink(line.stated, actions.setPositiveMeans));
  if (line.id === 'run' && actions.openOutput) element.append(...outputLinks(report, actions.openOutput));
  return element;
}

/** A missed bound's line with its verdict ("Bound missed on the rows measured") in bold: the rest is the figures. */
function verdictFirst(line: MitigationHeaderLine): (Node | string)[] {
  const colon = line.text.indexOf(': ');
  if (line.id !== 'tolerance' || colon < 0) return [line.text];
  return [el('strong', {}, line.text.slice(0, colon)), line.text.slice(colon)];
}

/** " — Open predictions.csv · model.json": the files the run wrote beside report.json. */
function outputLinks(report: MitigationReport, open: (file: MitigationOutput) => void): (Node | string)[] {
  const link = (file: MitigationOutput, text: string) => {
    const button = el('button', { type: 'button', class: 'link', 'data-testid': `open-${file}` }, text);
    button.addEventListener('click', () => open(file));
    return button;
  };
  return [' — ', link('predictions', `Open ${fileName(report.files.predictions)}`), ' · ', link('model', fileName(report.files.model))];
}
