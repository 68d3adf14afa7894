import { UsageError } from '../../engine/errors';
import { DATA_FORMATS, runMitigation } from '../../methods/command';
import { helpText, parseCommandLine, usageLine } from './flags';
import { formatMitigationSummary } from './format/mitigation';
import { findMitigation, MITIGATIONS } from '../../methods/registry';
import { printJson, printOut } from './terminal';
import { sanitize } from '../../../../common/render/text';

export const MITIGATE_USAGE = 'parity mitigate METHOD [options]';

function methodList(): string {
  const width = Math.max(0, ...MITIGATIONS.map((method) => method.name.length));
  return MITIGATIONS.map((method) => `  ${method.name.padEnd(width)}  ${method.kind}: ${method.summary}`).join('\n');
}

/**
 * `parity mitigate METHOD ...`: runs one method and writes DIR/predictions.csv (.parquet, .jsonl after
 * the input's format), DIR/model.json
 * and DIR/report.json; prints the before/after summary (or the report with --format json).
 */
export async function mitigateCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    printOut(`usage: ${MITIGATE_USAGE}\n\nmethods:\n${methodList()}\n\n${DATA_FORMATS}\n\nRun 'parity mitigate METHOD --help' for its options.\n`);
    return name === undefined ? 2 : 0;
  }
  const method = findMitigation(name);
  if (!method) throw new UsageError(`unknown method "${name}"; methods: ${MITIGATIONS.map((m) => m.name).join(', ')}`);
  const line = parseCommandLine(rest, method.params);
  if (line.help) {
    printOut(helpText(usageLine(`parity mitigate ${method.name}`, method.params), `${method.summary}\n${DATA_FORMATS}`, method.params) + '\n');
    return 0;
  }
  if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`);
  const terminal = process.stderr.isTTY === true;
  let last = 0;
  const report = await runMitigation(method, line.params, {
    signal,
    onProgress(progress) {
      const now = Date.now();
      if (!terminal || now - last < 250) return;
      last = now;
      process.stderr.write(`\r\x1b[Kparity: ${method.name}: ${Math.floor(progress.fraction * 100)}% ${sanitize(progress.message)}`);
    },
  });
  if (terminal) process.stderr.write('\r\x1b[K');
  if (line.params.format === 'json') printJson(report);
  else printOut(formatMitigationSummary(report));
  return 0;
}
