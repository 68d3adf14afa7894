import * as z from 'zod';
import type { LeakageResult } from '../../../../common/reports/leakage';
import { UsageError } from '../../engine/errors';
import { writeTextOutput } from '../../io/output';
import { checkOutputs } from '../../io/outputs/guard';
import { DEFAULT_MAX_GROUPS, DEFAULT_SAMPLE_SIZE } from '../../engine/leakage/analyze';
import { AUDIT_DEFAULTS } from '../../engine/audit/options';
import { MAX_LEAKAGE_SAMPLE } from '../../../../common/settings';
import { csvOptions, CSV_READING, OUTPUT_FILE, SENSITIVE } from '../../params/fragments';
import { column, seed } from '../../params/schema';
import { analyzeLeakage } from '../../services/leakage';
import { helpText, parseCommandLine } from './flags';
import { sanitize } from '../../../../common/render/text';
import { printError, printJson, printOut } from './terminal';
import { extentOf } from '../../../../common/extent';

const LEAKAGE_PARAMS = z.strictObject({
  sensitive: SENSITIVE,
  label: column('label (target) column: left out of the candidate proxies', { title: 'Label column' }).optional(),
  sample: z
    .int()
    .min(1)
    .max(MAX_LEAKAGE_SAMPLE)
    .default(DEFAULT_SAMPLE_SIZE)
    .meta({ metavar: 'N', group: 'method', description: 'analyse a seeded random sample of N rows of larger files' }),
  jointSample: z
    .int()
    .min(1)
    .max(MAX_LEAKAGE_SAMPLE)
    .optional()
    .meta({ metavar: 'N', group: 'method', description: 'fit the joint model on a seeded random N of the sampled rows (default all of them)' }),
  maxGroups: z
    .int()
    .min(2)
    .max(AUDIT_DEFAULTS.maxGroupsLimit)
    .default(DEFAULT_MAX_GROUPS)
    .meta({ metavar: 'N', group: 'method', description: 'stop when a sensitive column has more distinct values in the sample' }),
  seed: seed(),
  failIfProxy: z.boolean().default(false).meta({ group: 'output', description: 'exit 1 when a column is flagged as a strong proxy' }),
  format: z.enum(['table', 'json']).default('table').meta({ metavar: 'table|json', group: 'output', description: 'output format' }),
  out: OUTPUT_FILE,
  ...CSV_READING,
});

export const LEAKAGE_USAGE = 'parity leakage FILE --sensitive C[,C...] [options]';
const LEAKAGE_SUMMARY = `Finds proxies of sensitive attributes: for every other column, bias-corrected Cramér's V,
normalized mutual information, correlation ratio and the cross-validated AUC of predicting the
attribute from that column alone; and a cross-validated model on all columns together with each
column's permutation importance. FILE is a CSV (.csv, .csv.gz), Parquet, JSON Lines (.jsonl,
.ndjson) or Arrow IPC (.arrow, .feather) file. Exit codes: 0 success, 1 --fail-if-proxy and a strong proxy was
found, 2 bad input or usage.`;

export async function leakageCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(argv, LEAKAGE_PARAMS);
  if (line.help) {
    printOut(helpText(LEAKAGE_USAGE, LEAKAGE_SUMMARY, LEAKAGE_PARAMS) + '\n');
    return 0;
  }
  const { params, positionals } = line;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing FILE' : `one FILE expected, got ${positionals.length}`);
  const file = positionals[0]!;
  if (params.out !== undefined) await checkOutputs([file], [{ path: params.out, kind: 'file' }]);
  const result = await analyzeLeakage(
    file,
    {
      sensitive: params.sensitive,
      label: params.label,
      csv: csvOptions(params),
      sampleSize: params.sample,
      jointRows: params.jointSample,
      seed: params.seed,
      maxGroups: params.maxGroups,
    },
    { signal },
  );
  const output = params.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatLeakageTable(result);
  if (params.out !== undefined) await writeTextOutput(params.out, output, [file]);
  else if (params.format === 'json') printJson(result);
  else printOut(output);
  const strong = result.flagged.filter((f) => f.severity === 'strong');
  if (params.failIfProxy && strong.length > 0) {
    printError(`parity: --fail-if-proxy: ${strong.map((f) => `"${f.column}" is a strong proxy of "${f.sensitive}"`).join('; ')}`);
    return 1;
  }
  return 0;
}

const figure = (value: number | null) => (value === null ? '-' : Number.isNaN(value) ? 'n/a' : value.toFixed(3));

/** A plain-text report: one table per sensitive attribute, then the flagged columns. */
export function formatLeakageTable(result: LeakageResult): string {
  const lines: string[] = [];
  const { rows, totalRows, sampled } = result.sample;
  lines.push(
    `${sanitize(result.file)}: ${rows.toLocaleString('en-US')} rows${sampled ? ` (seeded sample of ${totalRows.toLocaleString('en-US')})` : ''}, ${result.settings.folds}-fold cross-validation`,
  );
  for (const sensitive of result.sensitive) {
    lines.push('', `Proxies of "${sanitize(sensitive)}":`);
    const rowsOf = result.columns.filter((c) => c.sensitive === sensitive).sort((a, b) => b.auc - a.auc);
    const table = [
      ['column', 'AUC', "Cramér's V", 'NMI', 'eta', 'flag'],
      ...rowsOf.map((c) => [sanitize(c.column), figure(c.auc), figure(c.cramersV), figure(c.nmi), figure(c.eta), c.severity ?? '']),
    ];
    const widths = table[0]!.map((_, i) => extentOf(table.map((row) => row[i]!.length))[1]);
    for (const row of table)
      lines.push(
        '  ' +
          row
            .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
            .join('  ')
            .trimEnd(),
      );
    const joint = result.joint.find((j) => j.sensitive === sensitive);
    if (joint) {
      const top = joint.contributions
        .slice(0, 5)
        .map((c) => `${sanitize(c.column)} ${figure(c.importance)}`)
        .join(', ');
      lines.push(`  all columns together: AUC ${figure(joint.auc)}${joint.leaks ? ' (leaks)' : ''}; permutation importance: ${top}`);
    }
  }
  lines.push('');
  if (result.flagged.length === 0) lines.push('No column is flagged as a proxy.');
  else {
    lines.push('Flagged:');
    for (const f of result.flagged)
      lines.push(
        `  ${f.severity.padEnd(8)} "${sanitize(f.column)}" predicts "${sanitize(f.sensitive)}": AUC ${figure(f.measures.auc)}, Cramér's V ${figure(f.measures.cramersV)}`,
      );
  }
  return lines.join('\n') + '\n';
}
