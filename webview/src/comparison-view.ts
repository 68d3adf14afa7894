import type { ComparisonView, PanelViewState } from '../../common/protocol';
import { comparisonTable, intervalsNote, pointTooltip, protocolNote, referenceTooltip } from '../../common/render/comparison-table';
import { comparisonPlot } from '../../common/render/plots';
import { settingText } from '../../common/render/tradeoff';
import { offersLargeGroups, overLargeGroups } from '../../common/render/comparison-view';
import { groupsWord } from '../../common/render/set-aside';
import { Drawn, groupsChooser, OnView } from './controls';
import { el } from './dom';
import { tableElement } from './table';
import { tradeoffChart } from './tradeoff-chart';

/**
 * Methods side by side: accuracy against the fairness gap, one colour and marker per method, the
 * Pareto front drawn, the unmitigated model as a ring. A point (in the plot or the table) opens
 * the report of exactly that run and setting.
 */
export function comparisonView(whole: ComparisonView, view: PanelViewState, onView: OnView, openReport: (index: number) => void): Drawn {
  // the fairness gap over all groups, or over those of adequate size (comparisons before those figures: all, no chooser)
  const large = offersLargeGroups(whole) && view.groups === 'large';
  const comparison = large ? overLargeGroups(whole) : whole;
  const groupsChoice = offersLargeGroups(whole) ? [groupsChooser(whole.largeGroups, large ? 'large' : 'all', (groups) => onView({ groups }, true))] : [];
  const plot = comparisonPlot(comparison);
  const chart = tradeoffChart(
    plot,
    view.showAll ?? false,
    {
      describe: (point, others, opens) =>
        pointTooltip(
          comparison,
          point.id,
          others.map((o) => o.id),
          opens.id,
        ),
      describeReference: () => referenceTooltip(comparison),
      open: (point) => openReport(point.id),
      onShowAll: (showAll) => onView({ showAll }),
      onZoom: (zoom) => onView({ zoom }),
    },
    view.zoom,
  );
  const open = (index: number) => {
    const point = comparison.points[index]!;
    const button = el(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-testid': `open-point-${index}`,
        'aria-label': `open ${point.method}, ${settingText(point.parameter, point.value)}`,
      },
      'Open',
    );
    button.disabled = !point.report;
    button.addEventListener('click', () => openReport(index));
    return button;
  };
  const sorts = view.sorts?.['points'];
  const failed = (comparison.failed ?? []).map((f) => el('p', { class: 'bad' }, `${f.method} failed: ${f.error}`));
  const unplotted = (comparison.unplotted ?? []).map((u) => el('p', { class: 'note', 'data-testid': 'unplotted' }, `${u.reason}.`));
  return {
    nodes: [
      el('h1', {}, comparison.title),
      ...(comparison.sharedRows ? [el('p', { class: 'flag', 'data-testid': 'shared-rows' }, comparison.sharedRows)] : []),
      el(
        'p',
        { class: 'note' },
        'Each method is drawn with its own colour and marker, every setting of its sweep a point. Hover a point for its figures; click it (or Tab to the plot, then arrow keys and Enter) to open the report of exactly that setting.',
      ),
      ...groupsChoice,
      ...(large
        ? [
            el(
              'p',
              { class: 'note', 'data-testid': 'groups-note' },
              `The fairness gap, its intervals and the Pareto front are over the ${groupsWord(whole.largeGroups!.groups)} with at least ${whole.largeGroups!.minGroupSize} rows${whole.largeGroups!.minLabelCount !== undefined ? ` and ${whole.largeGroups!.minLabelCount} rows with each label value` : ''}; accuracy is over every row.`,
            ),
          ]
        : []),
      chart.element,
      ...failed,
      ...unplotted,
      ...(protocolNote(comparison) ? [el('p', { class: 'note', 'data-testid': 'protocol' }, protocolNote(comparison))] : []),
      ...(intervalsNote(comparison) ? [el('p', { class: 'note', 'data-testid': 'intervals' }, intervalsNote(comparison))] : []),
      el(
        'details',
        { 'data-testid': 'points' },
        el('summary', {}, `All ${comparison.points.length} points`),
        tableElement(comparisonTable(comparison), {
          ...(sorts ? { sort: sorts } : {}),
          onSort: (sort) => onView({ sorts: { ...view.sorts, points: sort } }),
          action: { header: 'Report', cell: open },
        }),
      ),
    ],
    dispose: chart.dispose,
  };
}
