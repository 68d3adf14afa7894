import type { AuditReport, Grouping, GroupResult, Interval } from '../../common/reports/audit';
import { describeRun, FOUR_FIFTHS_CAVEAT, formatInterval, formatNumber, keyAggregates, keyMetrics } from '../../common/render/text';
import type { PanelViewState } from '../../common/protocol';
import { groupingCharts } from '../../common/render/audit-charts';
import { el, rendered } from './dom';
import { Column, sortableTable } from './table';

/** The audit: one tab per grouping (each sensitive column, then their intersection). `onView` gets what changed. */
export function auditView(report: AuditReport, view: PanelViewState, onView: (view: PanelViewState) => void): HTMLElement[] {
  const tabs = el('vscode-tabs', { 'selected-index': String(Math.min(view.tab ?? 0, report.groupings.length - 1)) });
  tabs.addEventListener('vsc-tabs-select', (event) => onView({ tab: (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex }));
  for (const grouping of report.groupings) {
    tabs.append(el('vscode-tab-header', { slot: 'header' }, `By ${grouping.by.join(' × ')}`), el('vscode-tab-panel', {}, groupingPanel(report, grouping, view, onView)));
  }
  const warnings = report.warnings.length > 0 ? [el('h2', {}, 'Warnings'), el('ul', {}, ...report.warnings.map((w) => el('li', {}, w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message)))] : [];
  return [
    el('h1', {}, `Fairness audit: ${report.file.split(/[\\/]/).pop() ?? report.file}`),
    el('ul', { class: 'run' }, ...describeRun(report).map((line) => el('li', {}, line))),
    tabs,
    ...warnings,
    el('p', { class: 'caveat' }, FOUR_FIFTHS_CAVEAT),
  ];
}

function groupingPanel(report: AuditReport, grouping: Grouping, view: PanelViewState, onView: (view: PanelViewState) => void): HTMLElement {
  const metrics = keyMetrics(report);
  const label = (group: GroupResult) => Object.values(group.key).join(' & ');
  const columns: Column<GroupResult>[] = [
    {
      header: grouping.by.join(' × '),
      value: label,
      cell: (group) => {
        const cell = el('td', {}, label(group));
        if (group.small) {
          cell.className = 'small-group';
          cell.title = `fewer than ${report.minGroupSize} rows: too small to judge`;
          cell.append(' ⚠');
        }
        return cell;
      },
    },
    ...metrics.map(
      (m): Column<GroupResult> => ({
        header: m.header,
        title: m.name,
        value: (group) => group.metrics[m.name] ?? null,
        cell: (group) => valueCell(group.metrics[m.name], m.name === 'count' ? null : group.intervals[m.name], group.notes[m.name]),
      }),
    ),
    {
      header: 'four-fifths flags',
      value: (group) => group.flagged.length,
      cell: (group) => el('td', { class: 'flag' }, group.flagged.join(', ')),
    },
  ];
  const overall = el(
    'tr',
    { class: 'overall' },
    el('td', {}, el('b', {}, 'overall')),
    ...metrics.map((m) => valueCell(grouping.overall.metrics[m.name], m.name === 'count' ? null : grouping.overall.intervals[m.name], grouping.overall.notes[m.name])),
    el('td'),
  );
  const groups = sortableTable(columns, grouping.groups, [overall], view.sort, (sort) => onView({ sort }));
  const aggregates = el(
    'table',
    { class: 'metrics' },
    el('tr', {}, el('th', { scope: 'col' }, 'aggregate'), el('th', { scope: 'col' }, 'value [95% interval]'), el('th', { scope: 'col' }, 'note')),
    ...keyAggregates(grouping).map((name) =>
      el('tr', {}, el('td', {}, name), valueCell(grouping.aggregates[name], grouping.aggregateIntervals[name], grouping.aggregateNotes[name]), el('td', { class: 'missing' }, grouping.aggregateNotes[name] ?? '')),
    ),
  );
  const reference = Object.values(grouping.reference).join(' & ');
  return el(
    'section',
    {},
    // wide tables scroll sideways; focusable so the keyboard can scroll them too
    el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `metrics by ${grouping.by.join(' × ')}` }, groups),
    el('p', { class: 'caveat' }, `Disparities and four-fifths flags are against the reference group, "${reference}"${grouping.referenceSource === 'given' ? '' : ' (the largest)'}.`),
    aggregates,
    el('div', { class: 'charts' }, ...groupingCharts(report, grouping).map((svg) => el('figure', {}, rendered(svg)))),
  );
}

function valueCell(value: number | null | undefined, interval: Interval | null | undefined, note: string | undefined): HTMLTableCellElement {
  if (value === null || value === undefined) {
    const cell = el('td', { class: 'missing' }, '—');
    if (note) cell.title = note;
    return cell;
  }
  return el('td', {}, formatNumber(value), interval ? el('span', { class: 'ci' }, ` ${formatInterval(interval)}`) : '');
}
