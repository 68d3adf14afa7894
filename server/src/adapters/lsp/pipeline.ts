import { existsSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver/node';
import { pipelineDiagnostics } from './pipeline-diagnostics';
import { analyzeNotebookSource, analyzePythonSource } from '../../engine/pipeline/analyze';
import { readCsvHeader } from '../../io/csv/header';
import type { PipelineAnalysis, PipelineFinding, PipelineOptions } from '../../engine/pipeline/findings';
import { initPythonParser } from '../../io/python-parser';
import type { PythonParser } from '../../engine/pipeline/findings';

/** What the pipeline diagnostics need from the rest of the server. */
export interface PipelineContext {
  workspaceRoot: string | undefined;
  /** Where tree-sitter.wasm and tree-sitter-python.wasm are (next to the bundled server). */
  wasmDir: string;
  /** The sensitive columns of a dataset and the proxies found in it. */
  datasetFacts(file: string): Promise<{ sensitive: string[]; proxies: NonNullable<PipelineOptions['proxies']> }>;
}

type Analyze = (parser: PythonParser, text: string, options: PipelineOptions) => PipelineAnalysis;

/**
 * Two passes over the code: the first finds the datasets it loads, whose sensitive columns and
 * proxies (from the leakage analysis) the second pass then looks for among the model features.
 */
async function analyze(context: PipelineContext, file: string, text: string, run: Analyze): Promise<PipelineAnalysis> {
  const parser = await initPythonParser(context.wasmDir);
  const base = { file, workspaceRoot: context.workspaceRoot, readColumns: readCsvHeader, fileExists: existsSync };
  const loads = run(parser, text, { ...base, sensitive: [] }).loads;
  const datasets = [...new Set(loads.flatMap((load) => (load.resolved ? [load.resolved] : [])))];
  if (datasets.length === 0) return { loads, findings: [] };
  const facts = await Promise.all(datasets.map((dataset) => context.datasetFacts(dataset)));
  const sensitive = [...new Set(facts.flatMap((f) => f.sensitive))];
  if (sensitive.length === 0) return { loads, findings: [] };
  return run(parser, text, { ...base, sensitive, proxies: facts.flatMap((f) => f.proxies) });
}

/** Diagnostics of a Python file's text. */
export async function diagnosePythonSource(context: PipelineContext, file: string, text: string): Promise<Diagnostic[]> {
  return pipelineDiagnostics((await analyze(context, file, text, analyzePythonSource)).findings);
}

/** Diagnostics of a notebook (its .ipynb text), grouped by cell index in the cells' own coordinates. */
export async function diagnoseNotebookFile(context: PipelineContext, file: string, text: string): Promise<Map<number, Diagnostic[]>> {
  const { findings } = await analyze(context, file, text, analyzeNotebookSource);
  const byCell = new Map<number, PipelineFinding[]>();
  for (const finding of findings) {
    if (!finding.cell) continue;
    const inCell: PipelineFinding = { ...finding, range: finding.cell.range, removal: finding.cell.removal };
    byCell.set(finding.cell.index, [...(byCell.get(finding.cell.index) ?? []), inCell]);
  }
  return new Map([...byCell].map(([cell, cellFindings]) => [cell, pipelineDiagnostics(cellFindings)]));
}
