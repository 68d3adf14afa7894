import { sanitize } from '../../../../common/render/text';
import { UsageError } from '../../engine/errors';
import { runComparison } from '../../services/compare';
import { COMPARE_PARAMS } from '../../services/compare-params';
import { runMethodInWorker } from '../worker/method-runner';
import { helpText, parseCommandLine, usageLine } from './flags';
import { printJson, printOut } from './terminal';
import { formatComparison } from './format/comparison';

export const COMPARE_USAGE = usageLine('parity compare', COMPARE_PARAMS);
const COMPARE_SUMMARY = `Runs every applicable mitigation method on the same train/test split, each with its strength
sweep, and writes DIR/comparison.json: accuracy and fairness of every point, the unmitigated
logistic regression as the reference, and the Pareto-optimal points (docs/comparison-json.md).`;

export async function compareCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(argv, COMPARE_PARAMS);
  if (line.help) {
    printOut(helpText(COMPARE_USAGE, COMPARE_SUMMARY, COMPARE_PARAMS) + '\n');
    return 0;
  }
  if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`);
  const comparison = await runComparison(line.params, runMethodInWorker, {
    signal,
    onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r\x1b[Kparity: compare: ${Math.floor(p.fraction * 100)}% ${sanitize(p.message)}`),
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (line.params.format === 'json') printJson(comparison);
  else printOut(formatComparison(comparison));
  return 0;
}
