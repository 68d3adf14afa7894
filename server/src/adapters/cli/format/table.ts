import type { AuditReport, Grouping } from '../../../../../common/reports/audit';
import { ACRONYMS } from '../../../../../common/render/metric-names';
import {
  describeRun,
  FOUR_FIFTHS_CAVEAT,
  formatInterval,
  formatNumber,
  groupLabel,
  keyAggregates,
  keyMetrics,
  sanitize,
} from '../../../../../common/render/text';

/** The human-readable terminal view of an audit. */
export function formatTable(report: AuditReport): string {
  const lines = [`Parity fairness audit: ${sanitize(report.file)}`, ...describeRun(report)];
  for (const grouping of report.groupings) lines.push('', ...groupingTable(report, grouping));
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${sanitize(w.message)}`));
  }
  lines.push('', FOUR_FIFTHS_CAVEAT);
  return lines.join('\n') + '\n';
}

function groupingTable(report: AuditReport, grouping: Grouping): string[] {
  const metrics = keyMetrics(report);
  const title = `${grouping.by.map(sanitize).join(' × ')}: ${grouping.groups.length} groups, reference ${groupLabel({ key: grouping.reference })}${grouping.referenceSource === 'given' ? ' (given)' : ' (largest)'}`;
  const header = [grouping.by.map(sanitize).join(' × '), ...metrics.map((m) => m.header), '4/5 flags'];
  const rows = grouping.groups.map((group) => [
    groupLabel(group) + (group.small ? ' (!)' : ''),
    ...metrics.map((m) => formatNumber(group.metrics[m.name])),
    group.flagged.map((m) => shortName(m) + (group.supported.includes(m) ? '*' : '')).join(' '),
  ]);
  rows.push(['overall', ...metrics.map((m) => formatNumber(grouping.overall.metrics[m.name])), '']);
  const aggregateRows = keyAggregates(grouping).map((name) => [
    name,
    formatNumber(grouping.aggregates[name]),
    formatInterval(grouping.aggregateIntervals[name]),
    grouping.aggregates[name] === null ? (grouping.aggregateNotes[name] ?? '') : '',
  ]);
  const notes = grouping.groups.some((g) => g.small) ? [`(!) fewer than ${report.minGroupSize} rows: too small to judge`] : [];
  return [`== ${title}`, ...align([header, ...rows], 1), ...notes, '', ...align([['aggregate', 'value', 'interval', ''], ...aggregateRows], 1)];
}

/** The terminal's flags: the rates' abbreviations, and the table's own short headers. */
const SHORT_NAMES: Record<string, string> = { ...ACRONYMS, selection_rate: 'select', balanced_accuracy: 'bal.acc' };

function shortName(metric: string): string {
  return SHORT_NAMES[metric] ?? metric;
}

/** Pads columns to a common width; columns from `firstNumeric` on are right-aligned. */
function align(rows: string[][], firstNumeric: number): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - [...cell].length);
        return i >= firstNumeric && i < row.length - 1 ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}
