import type { MitigationReport } from '../../../../../common/reports/mitigation';
import { formatNumber } from '../../../../../common/render/text';
import { extentOf } from '../../../../../common/extent';

/** Aggregates shown in the before/after summary, when the report has them. */
const SUMMARY_AGGREGATES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equal_opportunity_difference',
  'equalized_odds_difference',
  'ks_distance',
  'wasserstein_distance',
];

/** The before/after table printed by `parity mitigate`. */
export function formatMitigationSummary(report: MitigationReport): string {
  const quality = report.task === 'classification' ? 'accuracy' : 'mse';
  const rows: [string, string, string][] = [[quality, formatNumber(report.before[quality]), formatNumber(report.after[quality])]];
  for (const name of SUMMARY_AGGREGATES) {
    if (name in report.after.aggregates) rows.push([name, formatNumber(report.before.aggregates[name]), formatNumber(report.after.aggregates[name])]);
  }
  const [, width] = extentOf(rows.map(([name]) => name.length));
  const lines = [
    `${report.method} (${report.kind}), evaluated on ${report.evaluatedOn} rows (${report.after.rows}), ${report.seconds.toFixed(1)} s`,
    `${''.padEnd(width)}  ${'before'.padStart(10)}  ${'after'.padStart(10)}`,
    ...rows.map(([name, before, after]) => `${name.padEnd(width)}  ${before.padStart(10)}  ${after.padStart(10)}`),
  ];
  const parameters = Object.entries(report.parameters).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  if (parameters.length > 0) lines.push(`parameters: ${parameters.join(' ')}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  lines.push(`wrote ${report.files.predictions}`, `      ${report.files.model}`, `      ${report.files.report}`);
  return lines.join('\n') + '\n';
}
