import { existsSync } from 'node:fs';
import { extractCells, extractPythonSource } from '../engine/pipeline/analyze';
import type { CodeCell } from '../engine/pipeline/cells';
import { OverBudgetError } from '../engine/pipeline/budget';
import { packExtraction, type PackedExtraction } from '../engine/pipeline/packed';
import { readCsvHeader } from '../../../common/csv-header';
import { initPythonParser } from '../io/python-parser';

/** A Python file's text, or a notebook's code cells as the editor holds them. */
export type PythonCode = { python: string } | { cells: CodeCell[] };

/**
 * Code handed to a worker thread without copying it: its UTF-8 bytes in shared memory (posting a
 * 10 MB string costs the sending thread about 40 ms, filling shared memory 3 ms); for a
 * notebook, the byte length of each code cell, in order.
 */
export interface SharedCode {
  utf8: SharedArrayBuffer;
  cells: { index: number; bytes: number }[] | null;
}

export interface CodeInput {
  /** The code file's path (dataset paths in the code resolve against its folder, then the workspace root). */
  file: string;
  workspaceRoot: string | undefined;
  /** Folder of tree-sitter.wasm and tree-sitter-python.wasm; default: node_modules. */
  wasmDir: string | undefined;
  code: SharedCode;
  /** How long the analysis may take once it has started (waiting for a thread does not count). */
  budgetMs: number;
}

/** The packed extraction, or the news that it took longer than its budget and was stopped. */
export type CodeExtraction = { packed: PackedExtraction } | { overBudget: true };

/** The size of some code in UTF-8 bytes. */
export function codeBytes(code: PythonCode): number {
  return 'cells' in code ? code.cells.reduce((sum, cell) => sum + Buffer.byteLength(cell.source), 0) : Buffer.byteLength(code.python);
}

export function shareCode(code: PythonCode): SharedCode {
  const parts = 'cells' in code ? code.cells.map((cell) => cell.source) : [code.python];
  const lengths = parts.map((part) => Buffer.byteLength(part));
  const utf8 = new SharedArrayBuffer(lengths.reduce((sum, length) => sum + length, 0));
  const bytes = Buffer.from(utf8);
  let at = 0;
  parts.forEach((part, i) => (at += bytes.write(part, at, lengths[i]!)));
  return { utf8, cells: 'cells' in code ? code.cells.map((cell, i) => ({ index: cell.index, bytes: lengths[i]! })) : null };
}

function readCode(shared: SharedCode): PythonCode {
  const bytes = Buffer.from(shared.utf8);
  if (!shared.cells) return { python: bytes.toString('utf8') };
  let at = 0;
  return { cells: shared.cells.map((cell) => ({ index: cell.index, source: bytes.toString('utf8', at, (at += cell.bytes)) })) };
}

/**
 * The datasets some Python code loads and the columns it gives models as features, with the
 * headers of the datasets it drops columns from (read from disk); packed, for the trip between threads.
 */
export async function extractCode(input: CodeInput, signal: AbortSignal): Promise<CodeExtraction> {
  const deadline = Date.now() + input.budgetMs;
  const parser = await initPythonParser(input.wasmDir);
  const options = { file: input.file, workspaceRoot: input.workspaceRoot, readColumns: readCsvHeader, fileExists: existsSync, signal, deadline };
  const code = readCode(input.code);
  try {
    return { packed: packExtraction('cells' in code ? extractCells(parser, code.cells, options) : extractPythonSource(parser, code.python, options)) };
  } catch (error) {
    if (error instanceof OverBudgetError) return { overBudget: true };
    throw error;
  }
}
