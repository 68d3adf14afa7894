import type { DatasetLoad, PipelineAnalysis, PipelineFinding, PipelineOptions, PythonParser, SourceRange } from './findings';
import { readNotebook } from './notebook';
import { analyzePythonTree } from './python-analysis';

/** Analyses Python source text. */
export function analyzePythonSource(parser: PythonParser, source: string, options: PipelineOptions): PipelineAnalysis {
  const tree = parser.parse(source);
  try {
    return analyzePythonTree(tree, options);
  } finally {
    tree.delete();
  }
}

/**
 * Analyses a notebook's text (.ipynb JSON). Ranges are in the .ipynb file's own text; each
 * finding and load also carries its cell index and the range within that cell.
 */
export function analyzeNotebookSource(parser: PythonParser, text: string, options: PipelineOptions): PipelineAnalysis {
  const notebook = readNotebook(text);
  const analysis = analyzePythonSource(parser, notebook.python, options);
  const toFile = (range: SourceRange): SourceRange => ({ start: notebook.toFile(range.start)!, end: notebook.toFile(range.end)! });
  const toCell = (range: SourceRange): { index: number; range: SourceRange } => {
    const start = notebook.toCell(range.start)!;
    const end = notebook.toCell(range.end)!;
    return { index: start.cell, range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
  };
  const findings = analysis.findings.map((finding): PipelineFinding => {
    const cell = toCell(finding.range);
    return {
      ...finding,
      range: toFile(finding.range),
      removal: finding.removal ? toFile(finding.removal) : null,
      cell: { ...cell, removal: finding.removal ? toCell(finding.removal).range : null },
    };
  });
  const loads = analysis.loads.map((load): DatasetLoad => ({ ...load, range: toFile(load.range), cell: toCell(load.range) }));
  return { loads, findings };
}
