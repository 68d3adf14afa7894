import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { PythonParser } from '../engine/pipeline/findings';

let pending: Promise<PythonParser> | undefined;
let pendingDir: string | undefined;

/**
 * Loads the parser once. `wasmDir` is a folder holding both `tree-sitter.wasm` and
 * `tree-sitter-python.wasm` (the extension bundle copies them next to dist/server.js); by default
 * they are found in node_modules (web-tree-sitter and tree-sitter-python).
 */
export function initPythonParser(wasmDir?: string): Promise<PythonParser> {
  if (pending && pendingDir === wasmDir) return pending;
  pendingDir = wasmDir;
  pending = load(wasmDir);
  // A failed load (missing wasm file) may be retried, e.g. with another folder.
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

async function load(wasmDir: string | undefined): Promise<PythonParser> {
  const runtime = wasmDir ? path.join(wasmDir, 'tree-sitter.wasm') : require.resolve('web-tree-sitter/tree-sitter.wasm');
  const grammar = wasmDir
    ? path.join(wasmDir, 'tree-sitter-python.wasm')
    : path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm');
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source, stop) {
      // tree-sitter asks every few hundred steps whether to stop (returning true stops it).
      const tree = parser.parse(source, null, stop ? { progressCallback: stop } : undefined);
      if (!tree) parser.reset(); // a stopped parse would otherwise resume with the next call
      return tree;
    },
  };
}
