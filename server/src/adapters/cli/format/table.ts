import type { AuditReport, Grouping, GroupResult } from '../../../../../common/reports/audit';
import {
  FlagLine,
  flagLines,
  listedGroups,
  noFlagsSentence,
  referenceFigure,
  referenceGroup,
  referenceMeasures,
  ShownFlags,
  shownFlags,
  showsFourFifthsFlags,
} from '../../../../../common/render/audit-model';
import { starSentence } from '../../../../../common/render/audit-tables';
import { anyFewLabels, setAsideForLabels } from '../../../../../common/render/set-aside';
import { ACRONYMS } from '../../../../../common/render/metric-names';
import {
  describeRun,
  flagSideSentence,
  FOUR_FIFTHS_CAVEAT,
  formatInterval,
  formatNumber,
  groupLabel,
  keyAggregates,
  keyMetrics,
  positiveMeaning,
  sanitize,
} from '../../../../../common/render/text';

/** The human-readable terminal view of an audit. */
export function formatTable(report: AuditReport): string {
  const lines = [`Parity fairness audit: ${sanitize(report.file)}`, ...describeRun(report)];
  for (const grouping of report.groupings) lines.push('', ...groupingTable(report, grouping));
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${sanitize(w.message)}`));
  }
  if (showsFourFifthsFlags(report)) lines.push('', FOUR_FIFTHS_CAVEAT);
  return lines.join('\n') + '\n';
}

function groupingTable(report: AuditReport, grouping: Grouping): string[] {
  const metrics = keyMetrics(report);
  const title = `${grouping.by.map(sanitize).join(' × ')}: ${grouping.groups.length} groups, reference ${groupLabel({ key: grouping.reference })}${grouping.referenceSource === 'given' ? ' (given)' : ' (largest)'}`;
  // without four-fifths flags, the last column is the first comparison with the reference (a mean's difference)
  const flags = showsFourFifthsFlags(report);
  const measure = flags ? undefined : referenceMeasures(report)[0];
  // a table of sizes alone has neither: no last column
  const last = measure ? `${metrics.find((m) => m.name === measure.of[0])?.header ?? measure.key} − ref [interval]` : flags ? '4/5 flags' : undefined;
  const header = [grouping.by.map(sanitize).join(' × '), ...metrics.map((m) => m.header), ...(last ? [last] : [])];
  const reference = referenceGroup(grouping);
  // as the panel: an empty group (an intersection without rows) is marked so, not as small
  const small = (group: GroupResult) => group.count > 0 && (group.small || group.count < report.minGroupSize);
  const lastCell = (group: GroupResult, index: number): string => {
    if (!measure) return flagsCell(shownFlags(report, grouping, group, reference));
    if (index === reference.index) return 'reference';
    const figure = referenceFigure(measure, group, grouping.groups[reference.index]!, true);
    return figure.value === null ? '—' : `${formatNumber(figure.value)}${figure.interval ? ` ${formatInterval(figure.interval)}` : ''}`;
  };
  const rows = listedGroups(report, grouping).map(({ group, index }) => [
    groupLabel(group) + (group.count === 0 ? ' (no rows)' : small(group) ? ' (small)' : setAsideForLabels(group, report) ? ' (few labels)' : ''),
    // a count of 0 reads as one, not as the rate 0.000
    ...metrics.map((m) => (m.name === 'count' ? String(group.count) : formatNumber(group.metrics[m.name]))),
    ...(last ? [lastCell(group, index)] : []),
  ]);
  rows.push(['overall', ...metrics.map((m) => formatNumber(grouping.overall.metrics[m.name])), ...(last ? [''] : [])]);
  const aggregateRows = keyAggregates(grouping).map((name) => [
    name,
    formatNumber(grouping.aggregates[name]),
    formatInterval(grouping.aggregateIntervals[name]),
    grouping.aggregates[name] === null ? (grouping.aggregateNotes[name] ?? '') : '',
  ]);
  const star = starSentence(grouping);
  const meaning = positiveMeaning(report);
  const notes = [
    grouping.groups.some(small) ? `(small): fewer than ${report.minGroupSize} rows, too few to judge${flags ? '; no four-fifths flags' : ''}` : '',
    anyFewLabels(grouping.groups, report)
      ? `(few labels): fewer than ${report.minLabelCount} rows with a positive or with a negative label, too few to judge TPR, FPR and the like; no flags on those, left out of large.* aggregates`
      : '',
    flags ? '' : noFlagsSentence(report, groupLabel({ key: grouping.reference })),
    star ? `${star} Flags in parentheses have none.` : '',
    grouping.groups.some((g) => flagLines(shownFlags(report, grouping, g, reference)).some((l) => l.metrics.length === 2))
      ? 'A complementary pair flagged together (rates that sum to 1, such as FPR and TNR) shows once: FPR/TNR.'
      : '',
    (meaning && flagSideSentence(meaning)) ?? '',
  ].filter(Boolean);
  const aggregates = aggregateRows.length > 0 ? ['', ...align([['aggregate', 'value', 'interval', ''], ...aggregateRows], 1)] : [];
  return [`== ${title}`, ...align([header, ...rows], 1), ...notes, ...aggregates];
}

/**
 * A group's flags in the terminal: the rates' short names, a complementary pair once ("FPR/TNR*"),
 * the supported ones first and those without statistical support after, in parentheses; with a
 * stated meaning, each rate that counts an outcome followed by the group's side and the flags
 * separated by commas ("select* advantaged, PPV/FDR*").
 */
function flagsCell(shown: ShownFlags): string {
  const lines = flagLines(shown);
  const separator = shown.means === null ? ' ' : ', ';
  const name = (line: FlagLine) => line.metrics.map(shortName).join('/') + (line.support === 'supported' ? '*' : '') + (line.side ? ` ${line.side}` : '');
  const firm = lines.filter((l) => l.support !== 'unsupported').map(name);
  const plain = lines.filter((l) => l.support === 'unsupported').map(name);
  return [firm.join(separator), plain.length > 0 ? `(${plain.join(separator)})` : ''].filter(Boolean).join(' ');
}

/** The terminal's flags: the rates' abbreviations, and the table's own short headers. */
const SHORT_NAMES: Record<string, string> = { ...ACRONYMS, selection_rate: 'select', balanced_accuracy: 'bal.acc', accuracy: 'acc', error_rate: 'error' };

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
