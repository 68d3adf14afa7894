// Bundles the extension client, the language server, the CLI and the webview with esbuild.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

// The Python parser's WebAssembly (runtime and grammar) sits next to dist/server.js.
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
// The linear-program solver (HiGHS) loads highs.wasm from the folder of the bundle that runs it.
copyFileSync(require.resolve('highs/runtime'), 'dist/highs.wasm');

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
// Bundled ESM dependencies (web-tree-sitter) read import.meta.url, which CommonJS bundles lack.
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': 'importMetaUrl' },
  // Only looked up when no wasm folder is given (tests in the repository); the server passes dist/.
  // DuckDB's native binding (a .node file per platform) loads from node_modules at run time;
  // pg-native is node-postgres's optional libpq binding, not used.
  external: ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/package.json', '@duckdb/node-bindings', 'pg-native'],
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  esbuild.build({
    ...nodeCommon,
    entryPoints: { client: 'client/src/extension.ts', server: 'server/src/adapters/lsp/server.ts', worker: 'server/src/adapters/worker/worker.ts' },
    outdir: 'dist',
    external: [...nodeCommon.external, 'vscode'],
  }),
  esbuild.build({
    ...nodeCommon,
    entryPoints: { cli: 'server/src/adapters/cli/main.ts' },
    outdir: 'dist',
    banner: { js: `#!/usr/bin/env node\n${nodeCommon.banner.js}` },
  }),
  esbuild.build({
    ...common,
    entryPoints: { webview: 'webview/src/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
