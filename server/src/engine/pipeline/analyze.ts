import { checkStop, mustStop } from './budget';
import { concatenateCells, type CellSource, type CodeCell } from './cells';
import type {
  DatasetLoad,
  ExtractOptions,
  FeatureUse,
  KeptUse,
  PipelineAnalysis,
  PipelineExtraction,
  PipelineOptions,
  PythonParser,
  SourceRange,
} from './findings';
import { findingsOf } from './match';
import { readNotebook } from './notebook';
import { packExtraction } from './packed';
import { extractFromTree } from './python-analysis';

/** The loads and feature uses of Python source text. */
export function extractPythonSource(parser: PythonParser, source: string, options: ExtractOptions): PipelineExtraction {
  const tree = parser.parse(source, () => mustStop(options));
  if (!tree) {
    checkStop(options);
    throw new Error('tree-sitter returned no tree');
  }
  try {
    return extractFromTree(tree, source, options);
  } finally {
    tree.delete();
  }
}

/**
 * The loads and feature uses of a notebook's code cells (as an editor holds them), analysed as
 * one file; every range is in its cell's own coordinates, and `cell` says which cell.
 */
export function extractCells(parser: PythonParser, cells: readonly CodeCell[], options: ExtractOptions): PipelineExtraction {
  const source = concatenateCells(cells);
  return mapPositions(extractPythonSource(parser, source.python, options), source, (cell) => cell.range);
}

/**
 * The loads and feature uses of a notebook's text (.ipynb JSON). Ranges are in the .ipynb file's
 * own text; each also carries its cell index and the range within that cell (and a kept use's
 * insertion only there).
 */
export function extractNotebookSource(parser: PythonParser, text: string, options: ExtractOptions): PipelineExtraction {
  const notebook = readNotebook(text);
  const toFile = ({ index, range }: CellRange): SourceRange => ({ start: notebook.toFile(index, range.start)!, end: notebook.toFile(index, range.end)! });
  const extraction = mapPositions(extractPythonSource(parser, notebook.python, options), notebook, toFile);
  // Text inserted into the .ipynb would need JSON's escapes: only the cells' own insertions are kept.
  return { ...extraction, kept: extraction.kept.map((use) => ({ ...use, insertion: null })) };
}

/** The sensitive columns and proxies that Python source text gives a model as features. */
export function analyzePythonSource(parser: PythonParser, source: string, options: PipelineOptions): PipelineAnalysis {
  const extraction = extractPythonSource(parser, source, options);
  return { loads: extraction.loads, findings: findingsOf(packExtraction(extraction), options).findings };
}

/** As analyzePythonSource, for a notebook's text (.ipynb JSON); ranges as in extractNotebookSource. */
export function analyzeNotebookSource(parser: PythonParser, text: string, options: PipelineOptions): PipelineAnalysis {
  const extraction = extractNotebookSource(parser, text, options);
  return { loads: extraction.loads, findings: findingsOf(packExtraction(extraction), options).findings };
}

interface CellRange {
  index: number;
  range: SourceRange;
}

/**
 * The extraction with every range of the concatenated source moved to its cell (`cell`) and,
 * through the cell, to the ranges the caller wants (`range`: the cell's own, or the file's).
 */
function mapPositions(extraction: PipelineExtraction, source: CellSource, place: (cell: CellRange) => SourceRange): PipelineExtraction {
  const toCell = (range: SourceRange): CellRange => source.toCell(range)!;
  const features = extraction.features.map((use): FeatureUse => {
    const cell = toCell(use.range);
    const removal = use.removal ? toCell(use.removal) : null;
    return { ...use, range: place(cell), removal: removal ? place(removal) : null, cell: { ...cell, removal: removal?.range ?? null } };
  });
  const kept = extraction.kept.map((use): KeptUse => {
    const cell = toCell(use.range);
    const insertion = use.insertion ? toCell(use.insertion.at) : null;
    return {
      ...use,
      range: place(cell),
      insertion: use.insertion && insertion ? { ...use.insertion, at: place(insertion) } : null,
      cell: { ...cell, insertion: insertion?.range ?? null },
    };
  });
  const loads = extraction.loads.map((load): DatasetLoad => {
    const cell = toCell(load.range);
    return { ...load, range: place(cell), cell };
  });
  return { ...extraction, loads, features, kept };
}
