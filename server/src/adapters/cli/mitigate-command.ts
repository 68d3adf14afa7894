import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UsageError } from '../../engine/errors';
import { DATA_FORMATS, runMitigation } from '../../methods/command';
import { helpText, parseCommandLine, usageLine } from './flags';
import { formatMitigationSummary } from './format/mitigation';
import { loadMitigation, loadMitigations, MITIGATION_LOADERS } from '../../methods/loaders';
import { printJson, printOut } from './terminal';
import { sanitize } from '../../../../common/render/text';

export const MITIGATE_USAGE = 'parity mitigate METHOD [options]';

async function methodList(): Promise<string> {
  const methods = await loadMitigations();
  const width = Math.max(0, ...methods.map((method) => method.name.length));
  return methods.map((method) => `  ${method.name.padEnd(width)}  ${method.kind}: ${method.summary}`).join('\n');
}

/** The run's progress between two garbage collections: at most 20 a run. */
const COLLECTION_STEP = 0.05;

/**
 * A full garbage collection, done between the steps of a run (as the run reports its progress).
 * V8 frees a dead typed array's memory only at a full collection, which it starts once 64 MB more
 * of them were allocated: at 2M rows, the columns and tables of finished steps (summaries, fits)
 * added 25 to 30 MB to the peak (bench/mitigate-memory.ts). The CLI runs one command per process
 * and can afford a collection of its small heap (5 to 20 ms) a few times a run.
 */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * `parity mitigate METHOD ...`: runs one method and writes DIR/predictions.csv (.parquet, .jsonl after
 * the input's format), DIR/model.json
 * and DIR/report.json; prints the before/after summary (or the report with --format json).
 */
export async function mitigateCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    printOut(`usage: ${MITIGATE_USAGE}\n\nmethods:\n${await methodList()}\n\n${DATA_FORMATS}\n\nRun 'parity mitigate METHOD --help' for its options.\n`);
    return name === undefined ? 2 : 0;
  }
  const method = await loadMitigation(name);
  if (!method) throw new UsageError(`unknown method "${name}"; methods: ${Object.keys(MITIGATION_LOADERS).join(', ')}`);
  const line = parseCommandLine(rest, method.params);
  if (line.help) {
    printOut(helpText(usageLine(`parity mitigate ${method.name}`, method.params), `${method.summary}\n${DATA_FORMATS}`, method.params) + '\n');
    return 0;
  }
  if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`);
  const terminal = process.stderr.isTTY === true;
  let last = 0;
  const collect = garbageCollector();
  let collectedAt = 0;
  const report = await runMitigation(method, line.params, {
    signal,
    onProgress(progress) {
      if (progress.fraction >= collectedAt + COLLECTION_STEP) {
        collect();
        collectedAt = progress.fraction;
      }
      const now = Date.now();
      if (!terminal || now - last < 250) return;
      last = now;
      process.stderr.write(`\r\x1b[Kparity: ${method.name}: ${Math.floor(progress.fraction * 100)}% ${sanitize(progress.message)}`);
    },
  });
  if (terminal) process.stderr.write('\r\x1b[K');
  // The run's columns are dead once its files are written; the summary's first number formatted
  // for English (toLocaleString) then loads ICU's data, 7 MB.
  collect();
  if (line.params.format === 'json') printJson(report);
  else printOut(formatMitigationSummary(report));
  return 0;
}
