import type { MitigationReport } from '../reports/mitigation';
import { escape, markdownTable } from './markdown';
import {
  afterChoice,
  beforeAfterNote,
  beforeAfterTable,
  columnsLine,
  comparisonLine,
  featureLines,
  mitigationTitle,
  perGroupTable,
  runLine,
} from './mitigation-model';
import { settingsSummary } from './settings';
import { positiveMeaning } from './text';
import { thresholdRulesText } from './threshold-rules';

/**
 * A mitigation run in Markdown (for a pull request or a notebook), as the panel shows it with the
 * sweep point `sweepIndex` as "after" when given: what ran, the before/after and per-group tables
 * with their intervals, the settings in one line (nested ones are in report.json) and the warnings.
 */
export function formatMitigationMarkdown(report: MitigationReport, sweepIndex?: number | null): string {
  const after = afterChoice(report, sweepIndex);
  const comparison = comparisonLine(report);
  const rules = thresholdRulesText(report);
  const settings = settingsSummary(report.parameters);
  const lines = [
    `# Mitigation: ${escape(mitigationTitle(report))}`,
    '',
    `- ${escape(runLine(report, after.summary))}`,
    ...(comparison ? [`- ${escape(comparison)}`] : []),
    `- Columns: ${escape(columnsLine(report))}`,
    ...(positiveMeaning(report) ? [`- ${escape(positiveMeaning(report)!.text)}`] : []),
    ...featureLines(report).map((line) => `- ${escape(line)}`),
    `- ${escape(after.description)}`,
    '',
    '## Before and after',
    '',
    ...markdownTable(beforeAfterTable(report, after.summary)),
    '',
    escape(beforeAfterNote(report, after.summary)),
    '',
    '## Per group',
    '',
    ...markdownTable(perGroupTable(report, after.summary)),
    '',
    '## Settings',
    '',
    ...(rules ? [escape(rules.intro), '', ...rules.groups.map((group) => `- ${escape(group)}`), ''] : []),
    settings ? escape(settings) : 'The run reports no plain settings (report.json has all of them).',
  ];
  if (report.warnings.length > 0) lines.push('', '## Warnings', '', ...report.warnings.map((warning) => `- ${escape(warning)}`));
  return `${lines.join('\n')}\n`;
}
