import { writeFileSync } from 'node:fs';
import { analyzeLeakage, DEFAULT_SAMPLE_SIZE } from '../engine/leakage/analyze';
import type { LeakageResult } from '../engine/leakage/result';
import { choiceFlag, csvOptionsFromFlags, FlagTable, helpText, integerFlag, listFlag, parseFlags, CSV_FLAGS, SHARED_FLAGS, stringFlag, UsageError } from './args';

const FORMATS = ['table', 'json'] as const;

const LEAKAGE_FLAGS: FlagTable = {
  sensitive: SHARED_FLAGS.sensitive,
  label: { ...SHARED_FLAGS.label, describe: 'label (target) column: left out of the candidate proxies' },
  format: { ...SHARED_FLAGS.format, help: 'table|json', describe: 'output format (default table)' },
  out: SHARED_FLAGS.out,
  'fail-if-proxy': { type: 'boolean', describe: 'exit 1 when a column is flagged as a strong proxy' },
  sample: { type: 'string', help: 'N', describe: `analyse a seeded random sample of N rows of larger files (default ${DEFAULT_SAMPLE_SIZE.toLocaleString('en-US')})` },
  'joint-sample': { type: 'string', help: 'N', describe: 'fit the joint model on a seeded random N of the sampled rows (default all of them)' },
  seed: SHARED_FLAGS.seed,
  ...CSV_FLAGS,
  help: SHARED_FLAGS.help,
};

export const LEAKAGE_USAGE = 'parity leakage FILE --sensitive C[,C...] [options]';
const LEAKAGE_SUMMARY = `Finds proxies of sensitive attributes: for every other column, bias-corrected Cramér's V,
normalized mutual information, correlation ratio and the cross-validated AUC of predicting the
attribute from that column alone; and a cross-validated model on all columns together with each
column's permutation importance. FILE is a CSV (.csv, .csv.gz), Parquet, JSON Lines (.jsonl,
.ndjson) or Arrow IPC (.arrow, .feather) file. Exit codes: 0 success, 1 --fail-if-proxy and a strong proxy was
found, 2 bad input or usage.`;

export async function leakageCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(argv, LEAKAGE_FLAGS);
  if (values.help === true) {
    process.stdout.write(helpText(LEAKAGE_USAGE, LEAKAGE_SUMMARY, LEAKAGE_FLAGS) + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing FILE' : `one FILE expected, got ${positionals.length}`);
  const sensitive = listFlag(values, 'sensitive');
  if (!sensitive || sensitive.length === 0) throw new UsageError('--sensitive is required');
  const format = choiceFlag(values, 'format', FORMATS, 'table');
  const result = await analyzeLeakage(
    positionals[0]!,
    {
      sensitive,
      label: stringFlag(values, 'label'),
      csv: csvOptionsFromFlags(values),
      sampleSize: integerFlag(values, 'sample', 1) ?? DEFAULT_SAMPLE_SIZE,
      jointRows: integerFlag(values, 'joint-sample', 1),
      seed: integerFlag(values, 'seed', 0) ?? 0,
    },
    { signal },
  );
  const output = format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatLeakageTable(result);
  const out = stringFlag(values, 'out');
  if (out !== undefined) writeFileSync(out, output);
  else process.stdout.write(output);
  const strong = result.flagged.filter((f) => f.severity === 'strong');
  if (values['fail-if-proxy'] === true && strong.length > 0) {
    process.stderr.write(`parity: --fail-if-proxy: ${strong.map((f) => `"${f.column}" is a strong proxy of "${f.sensitive}"`).join('; ')}\n`);
    return 1;
  }
  return 0;
}

const figure = (value: number | null) => (value === null ? '-' : Number.isNaN(value) ? 'n/a' : value.toFixed(3));

/** A plain-text report: one table per sensitive attribute, then the flagged columns. */
export function formatLeakageTable(result: LeakageResult): string {
  const lines: string[] = [];
  const { rows, totalRows, sampled } = result.sample;
  lines.push(`${result.file}: ${rows.toLocaleString('en-US')} rows${sampled ? ` (seeded sample of ${totalRows.toLocaleString('en-US')})` : ''}, ${result.settings.folds}-fold cross-validation`);
  for (const sensitive of result.sensitive) {
    lines.push('', `Proxies of "${sensitive}":`);
    const rowsOf = result.columns.filter((c) => c.sensitive === sensitive).sort((a, b) => b.auc - a.auc);
    const table = [['column', 'AUC', "Cramér's V", 'NMI', 'eta', 'flag'], ...rowsOf.map((c) => [c.column, figure(c.auc), figure(c.cramersV), figure(c.nmi), figure(c.eta), c.severity ?? ''])];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) lines.push('  ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
    const joint = result.joint.find((j) => j.sensitive === sensitive);
    if (joint) {
      const top = joint.contributions.slice(0, 5).map((c) => `${c.column} ${figure(c.importance)}`).join(', ');
      lines.push(`  all columns together: AUC ${figure(joint.auc)}${joint.leaks ? ' (leaks)' : ''}; permutation importance: ${top}`);
    }
  }
  lines.push('');
  if (result.flagged.length === 0) lines.push('No column is flagged as a proxy.');
  else {
    lines.push('Flagged:');
    for (const f of result.flagged) lines.push(`  ${f.severity.padEnd(8)} "${f.column}" predicts "${f.sensitive}": AUC ${figure(f.measures.auc)}, Cramér's V ${figure(f.measures.cramersV)}`);
  }
  return lines.join('\n') + '\n';
}
