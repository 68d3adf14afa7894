import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { pipelineDiagnostics } from './pipeline-diagnostics';
import { findingsOf } from '../../engine/pipeline/match';
import type { PipelineFinding, Targets } from '../../engine/pipeline/findings';
import { codeBytes, shareCode, type PythonCode } from '../../services/pipeline';
import { runInWorker } from '../worker/pool';

/** What the pipeline diagnostics need from the rest of the server. */
export interface PipelineContext {
  workspaceRoot: string | undefined;
  /** Where tree-sitter.wasm and tree-sitter-python.wasm are (next to the bundled server). */
  wasmDir: string;
  /** The sensitive columns of a dataset, and whether its proxies are known already (datasetFacts then answers at once). */
  datasetSensitive(file: string): Promise<{ sensitive: string[]; proxiesKnown: boolean }>;
  /** The sensitive columns of a dataset and the proxies found in it, measured for the `sensitive` datasetSensitive gave when not known yet. */
  datasetFacts(file: string, sensitive: readonly string[]): Promise<Required<Targets>>;
}

/** The bounds of one analysis (settings `parity.leakage.maxPythonFileSize` and `pythonTimeBudget`). */
export interface PipelineLimits {
  maxMegabytes: number;
  budgetSeconds: number;
}

/** The findings of some code (the first MAX_FINDINGS, and how many in all), or why it was not analysed. */
export type CodeDiagnosis = { findings: PipelineFinding[]; total: number } | { skipped: string };

/** Findings published per file or notebook: more are counted in one information diagnostic. */
export const MAX_FINDINGS = 1000;

export const PIPELINE_NOTICE_CODE = 'parity.pipelineNotice';

/**
 * One analysis of a Python file or a notebook's cells: the code is parsed and its feature uses
 * found in a worker thread (the server keeps answering), at most `maxMegabytes` of it and for at
 * most `budgetSeconds` once its thread has started it (the thread watches the clock itself); then
 * the sensitive columns and proxies of the datasets it loads pick the findings among its
 * features. `signal` (a newer version of the code, a closed file) stops it.
 */
export async function analyzeCode(
  context: PipelineContext,
  file: string,
  code: PythonCode,
  limits: PipelineLimits,
  signal: AbortSignal,
  early?: (diagnosis: CodeDiagnosis) => Promise<void>,
): Promise<CodeDiagnosis> {
  const bytes = codeBytes(code);
  if (bytes > limits.maxMegabytes * 1e6) {
    return {
      skipped: `Parity did not look for sensitive features in this ${'cells' in code ? "notebook's code" : 'file'}: ${megabytes(bytes)} MB, above parity.leakage.maxPythonFileSize (${limits.maxMegabytes} MB). Raise the setting to analyse it.`,
    };
  }
  const input = { file, workspaceRoot: context.workspaceRoot, wasmDir: context.wasmDir, code: shareCode(code), budgetMs: limits.budgetSeconds * 1000 };
  const extraction = await runInWorker({ kind: 'pipeline', input }, { signal });
  if ('overBudget' in extraction) {
    return {
      skipped: `Parity stopped looking for sensitive features in this ${'cells' in code ? 'notebook' : 'file'} after ${limits.budgetSeconds} s (parity.leakage.pythonTimeBudget). Raise the setting to analyse it.`,
    };
  }
  const { packed } = extraction;
  // The proxies of a dataset not measured yet can take a while (ProPublica's 53-column COMPAS file: about 2 min): when
  // they are not in within EARLY_AFTER_MS, the sensitive attributes used as features are published first (cold try 16
  // saw nothing for a script written before its data was opened); a small dataset's come in time for one publication
  const known = await Promise.all(packed.datasets.map((dataset) => context.datasetSensitive(dataset)));
  const sensitiveFirst = [...new Set(known.flatMap((k) => k.sensitive))];
  if (sensitiveFirst.length === 0) return { findings: [], total: 0 };
  const measured = Promise.all(packed.datasets.map((dataset, i) => context.datasetFacts(dataset, known[i]!.sensitive)));
  if (early && known.some((k) => !k.proxiesKnown) && !(await within(measured, EARLY_AFTER_MS)) && !signal.aborted)
    await early(findingsOf(packed, { sensitive: sensitiveFirst, proxies: [] }, MAX_FINDINGS));
  const facts = await measured;
  const sensitive = [...new Set(facts.flatMap((f) => f.sensitive))];
  if (sensitive.length === 0) return { findings: [], total: 0 };
  return findingsOf(packed, { sensitive, proxies: facts.flatMap((f) => f.proxies) }, MAX_FINDINGS);
}

/** How long the proxies of the datasets some code loads may take before its sensitive features are published without them. */
export const EARLY_AFTER_MS = 1500;

/** Whether `work` settles within `ms` (its failure is left to whoever awaits it). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The diagnostics of a Python file. */
export function fileDiagnostics(diagnosis: CodeDiagnosis): Diagnostic[] {
  if ('skipped' in diagnosis) return [noticeDiagnostic(diagnosis.skipped)];
  const more = moreFindings(diagnosis);
  return [...pipelineDiagnostics(diagnosis.findings), ...(more ? [noticeDiagnostic(more)] : [])];
}

/**
 * The diagnostics of a notebook, by cell index, in the cells' own coordinates, each message
 * starting "cell N: " (a skipped analysis is said on the first code cell, `firstCell`).
 */
export function cellDiagnostics(diagnosis: CodeDiagnosis, firstCell: number): Map<number, Diagnostic[]> {
  if ('skipped' in diagnosis) return new Map([[firstCell, [noticeDiagnostic(diagnosis.skipped)]]]);
  const byCell = new Map<number, PipelineFinding[]>();
  for (const finding of diagnosis.findings) {
    if (!finding.cell) continue;
    // Problems names a cell's entries after the notebook only: the message says which cell, numbered
    // as the status bar's "Cell 3 of 5" (from 1, Markdown cells counted)
    const inCell: PipelineFinding = {
      ...finding,
      message: `cell ${finding.cell.index + 1}: ${finding.message}`,
      range: finding.cell.range,
      removal: finding.cell.removal,
      addition: finding.cell.addition ?? null,
    };
    const list = byCell.get(finding.cell.index);
    if (list) list.push(inCell);
    else byCell.set(finding.cell.index, [inCell]);
  }
  const diagnostics = new Map([...byCell].map(([cell, findings]) => [cell, pipelineDiagnostics(findings)]));
  const more = moreFindings(diagnosis);
  if (more) diagnostics.set(firstCell, [noticeDiagnostic(more), ...(diagnostics.get(firstCell) ?? [])]);
  return diagnostics;
}

function moreFindings(diagnosis: { findings: PipelineFinding[]; total: number }): string | null {
  const more = diagnosis.total - diagnosis.findings.length;
  const count = (n: number) => n.toLocaleString('en-US');
  return more > 0
    ? `Parity shows the first ${count(diagnosis.findings.length)} of ${count(diagnosis.total)} uses of sensitive attributes and proxies as features in this code.`
    : null;
}

/** A note on the first line: the analysis was skipped, or not every finding is shown. */
function noticeDiagnostic(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: PIPELINE_NOTICE_CODE,
    source: 'parity',
    message,
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
