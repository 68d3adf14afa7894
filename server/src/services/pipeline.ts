import { existsSync } from 'node:fs';
import { extractCells, extractPythonSource } from '../engine/pipeline/analyze';
import type { CodeCell } from '../engine/pipeline/cells';
import { packExtraction, type PackedExtraction } from '../engine/pipeline/packed';
import { readCsvHeader } from '../io/csv/header';
import { initPythonParser } from '../io/python-parser';

/** A Python file's text, or a notebook's code cells as the editor holds them. */
export type PythonCode = { python: string } | { cells: CodeCell[] };

export interface CodeInput {
  /** The code file's path (dataset paths in the code resolve against its folder, then the workspace root). */
  file: string;
  workspaceRoot: string | undefined;
  /** Folder of tree-sitter.wasm and tree-sitter-python.wasm; default: node_modules. */
  wasmDir: string | undefined;
  code: PythonCode;
}

/**
 * The datasets some Python code loads and the columns it gives models as features, with the
 * headers of the datasets it drops columns from (read from disk); packed, for the trip between threads.
 */
export async function extractCode(input: CodeInput, signal: AbortSignal): Promise<PackedExtraction> {
  const parser = await initPythonParser(input.wasmDir);
  const options = { file: input.file, workspaceRoot: input.workspaceRoot, readColumns: readCsvHeader, fileExists: existsSync, signal };
  return packExtraction('cells' in input.code ? extractCells(parser, input.code.cells, options) : extractPythonSource(parser, input.code.python, options));
}
