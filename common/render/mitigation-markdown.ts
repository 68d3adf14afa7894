import type { MitigationReport } from '../reports/mitigation';
import { differenceRatioNote } from './difference-ratio';
import { escape, markdownTable } from './markdown';
import { afterChoice, beforeAfterNote, beforeAfterTable, mitigationHeader, perGroupTable } from './mitigation-model';
import { ruleLine, thresholdRulesText } from './threshold-rules';

/**
 * A mitigation run in Markdown (for a pull request or a notebook), as the panel shows it with the
 * sweep point `sweepIndex` as "after" when given: what ran, the before/after and per-group tables
 * with their intervals, the settings in one line (nested ones are in report.json) and the warnings.
 */
export function formatMitigationMarkdown(report: MitigationReport, sweepIndex?: number | null): string {
  const after = afterChoice(report, sweepIndex);
  const header = mitigationHeader(report, after);
  const rules = thresholdRulesText(report);
  const table = beforeAfterTable(report, after.summary);
  const opposite = differenceRatioNote(table);
  const lines = [
    `# ${escape(header.title)}`,
    '',
    ...header.lines.map((line) => `- ${escape(line.text)}`),
    '',
    '## Before and after',
    '',
    ...markdownTable(table),
    '',
    ...(opposite ? [escape(opposite), ''] : []),
    escape(beforeAfterNote(report, after.summary)),
    '',
    '## Per group',
    '',
    ...markdownTable(perGroupTable(report, after.summary)),
    '',
    '## Settings',
    '',
    ...(rules ? [escape(rules.intro), '', ...rules.groups.map((group) => `- ${escape(ruleLine(group))}`), ''] : []),
    header.lines.some((line) => line.id === 'settings')
      ? 'The plain settings are on the Settings line at the top; report.json has all of them.'
      : 'The run reports no plain settings (report.json has all of them).',
  ];
  if (report.warnings.length > 0) lines.push('', '## Warnings', '', ...report.warnings.map((warning) => `- ${escape(warning)}`));
  return `${lines.join('\n')}\n`;
}
