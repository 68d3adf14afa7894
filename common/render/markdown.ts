import type { AuditReport, Grouping } from '../reports/audit';
import { referenceGroup, shownFlags } from './audit-model';
import { auditTitle, describeAudit, FOUR_FIFTHS_CAVEAT, formatInterval, formatNumber, groupLabel, keyAggregates, keyMetrics, sanitize } from './text';

/**
 * A Markdown report (for pull-request comments and CI summaries), with intervals. `references`
 * holds a reference group chosen in the editor per grouping index (as the HTML export takes it):
 * the flags are then computed against it from the groups' rates, as the panel shows them.
 */
export function formatMarkdown(report: AuditReport, references: Record<number, string> = {}): string {
  const lines = [`# Fairness audit: \`${escape(auditTitle(report.file))}\``, '', ...describeAudit(report).map((l) => `- ${escape(l)}`)];
  report.groupings.forEach((grouping, i) => lines.push('', ...groupingSection(report, grouping, references[i])));
  if (report.warnings.length > 0) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${escape(w.message)}`));
  lines.push('', `> ${FOUR_FIFTHS_CAVEAT}`);
  return lines.join('\n') + '\n';
}

function groupingSection(report: AuditReport, grouping: Grouping, chosen?: string): string[] {
  const metrics = keyMetrics(report);
  const reference = referenceGroup(grouping, chosen);
  const referenceRow = grouping.groups[reference.index]!;
  const cell = (value: number | null | undefined, interval: [number, number] | null | undefined) =>
    `${formatNumber(value)}${interval ? ` ${formatInterval(interval)}` : ''}`;
  const rows = grouping.groups.map((group) =>
    row([
      escape(groupLabel(group)) + (group.small ? ' ⚠' : ''),
      ...metrics.map((m) => cell(group.metrics[m.name], m.name === 'count' ? null : group.intervals[m.name])),
      escape(flagText(shownFlags(report, grouping, group, reference))),
    ]),
  );
  rows.push(
    row(['**overall**', ...metrics.map((m) => cell(grouping.overall.metrics[m.name], m.name === 'count' ? null : grouping.overall.intervals[m.name])), '']),
  );
  return [
    `## By ${escape(grouping.by.join(' × '))}`,
    '',
    `Reference group: ${escape(groupLabel(referenceRow))} (${reference.source === 'chosen' ? 'chosen in the editor; flags computed from the rates' : grouping.referenceSource === 'given' ? 'given' : 'the largest group'}).`,
    '',
    row(['group', ...metrics.map((m) => m.header), 'four-fifths flags']),
    row(['---', ...metrics.map(() => '---:'), '---']),
    ...rows,
    '',
    row(['aggregate', 'value', 'interval']),
    row(['---', '---:', '---']),
    ...keyAggregates(grouping).map((name) =>
      row([name, formatNumber(grouping.aggregates[name]), formatInterval(grouping.aggregateIntervals[name]) || escape(grouping.aggregateNotes[name] ?? '')]),
    ),
  ];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Data strings are untrusted: neutralise Markdown and HTML syntax. */
function escape(text: string): string {
  return sanitize(text).replace(/[\\`*_{}[\]<>()#+|!]/g, (c) => `\\${c}`);
}

function flagText({ flags, supported }: { flags: string[]; supported: Set<string> }): string {
  return flags.map((m) => m + (supported.has(m) ? '*' : '')).join(', ');
}
