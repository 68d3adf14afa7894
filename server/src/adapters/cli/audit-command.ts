import type { AuditReport } from '../../../../common/reports/audit';
import { renderAuditHtml } from '../../../../common/render/html';
import { formatMarkdown } from '../../../../common/render/markdown';
import { UsageError } from '../../engine/errors';
import { displayLocation, localFileOf } from '../../io/location';
import { writeTextOutput } from '../../io/output';
import { checkOutputs } from '../../io/outputs/guard';
import { runAudit } from '../../services/audit';
import { AUDIT_COMMAND_PARAMS, auditCommandOptions } from '../../services/audit-params';
import { evaluateConditions, parseCondition } from './fail-if';
import { helpText, parseCommandLine } from './flags';
import { formatTable } from './format/table';
import { progressReporter } from './progress';
import { printError, printJson, printOut } from './terminal';

export const AUDIT_USAGE = 'parity audit SOURCE [options]';
const AUDIT_SUMMARY = `Audits a dataset or model output for group fairness: per-group metrics with bootstrap
intervals, between-group aggregates and four-fifths flags, for each sensitive column and their
intersection. SOURCE is a file (.csv, .csv.gz, .parquet, .jsonl / .ndjson, .arrow / .feather) or a
database with --table or --query: duckdb:PATH, postgres://USER@HOST:PORT/DB (password: PGPASSWORD),
clickhouse://USER@HOST:HTTP_PORT/DB (password: CLICKHOUSE_PASSWORD). Queries run read-only.
Exit codes: 0 success, 1 a --fail-if condition holds, 2 bad input or usage.`;

export async function auditCommand(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseCommandLine(argv, AUDIT_COMMAND_PARAMS);
  if (line.help) {
    printOut(helpText(AUDIT_USAGE, AUDIT_SUMMARY, AUDIT_COMMAND_PARAMS) + '\n');
    return 0;
  }
  const { params, positionals } = line;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing SOURCE' : `one SOURCE expected, got ${positionals.length}`);
  const file = positionals[0]!;
  const conditions = (params.failIf ?? []).map(parseCondition);
  const options = auditCommandOptions(params);
  if (params.out !== undefined) await checkOutputs(localFileOf(file), [{ path: params.out, kind: 'file' }]);
  const progress = progressReporter(displayLocation(file));
  let report: AuditReport;
  try {
    report = await runAudit(file, options, { signal, onProgress: progress.update });
  } finally {
    progress.done();
  }

  const output = {
    json: () => JSON.stringify(report, null, 2) + '\n',
    markdown: () => formatMarkdown(report),
    html: () => renderAuditHtml(report),
    table: () => formatTable(report),
  }[params.format]();
  if (params.out !== undefined) await writeTextOutput(params.out, output, [file]);
  else if (params.format === 'json') printJson(report);
  else printOut(output);

  const results = evaluateConditions(report, conditions);
  const failed = results.filter((r) => r.failures.length > 0);
  for (const result of failed) {
    printError(`parity: --fail-if "${result.condition.text}" holds:`, ...result.failures.map((f) => `  ${f}`));
  }
  return failed.length > 0 ? 1 : 0;
}
