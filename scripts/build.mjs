// Bundles the extension client, the language server, the CLI and the webview with esbuild.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { duckDbBindingPackage } from './duckdb-binding.mjs';

// The Python parser's WebAssembly (runtime and grammar) sits next to dist/server.js.
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
// The linear-program solver (HiGHS) loads highs.wasm from the folder of the bundle that runs it.
copyFileSync(require.resolve('highs/runtime'), 'dist/highs.wasm');

// DuckDB's native binding for this platform (duckdb.node and the libduckdb library it loads from
// its own folder) goes to dist/duckdb/, which the package ships: the bundles load it from there
// instead of node_modules, which the package leaves out. Copied only when changed (70 MB).
const bindingFolder = path.dirname(
  require.resolve(`${duckDbBindingPackage()}/package.json`, { paths: [path.dirname(require.resolve('@duckdb/node-bindings'))] }),
);
mkdirSync('dist/duckdb', { recursive: true });
for (const name of readdirSync(bindingFolder).filter((name) => !/^(package\.json|README\.md)$/.test(name))) {
  const from = path.join(bindingFolder, name);
  const to = path.join('dist/duckdb', name);
  const fresh = statSync(to, { throwIfNoEntry: false });
  if (!fresh || fresh.size !== statSync(from).size || fresh.mtimeMs < statSync(from).mtimeMs) copyFileSync(from, to);
}
/** `require('@duckdb/node-bindings')` in a bundle becomes the binding next to it, in dist/duckdb/. */
const duckDbBinding = {
  name: 'duckdb-binding',
  setup(build) {
    build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, () => ({ path: 'duckdb-binding', namespace: 'duckdb-binding' }));
    build.onResolve({ filter: /^\.\/duckdb\/duckdb\.node$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'duckdb-binding' }, () => ({ contents: "module.exports = require('./duckdb/duckdb.node');", loader: 'js' }));
  },
};

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
  // pg-native is node-postgres's optional libpq binding, not used.
  external: ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/package.json', 'pg-native'],
  plugins: [duckDbBinding],
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * The CLI loads the database clients and Arrow's reader from files of their own (dist/cli-*.js),
 * at the first run that reads such a source: a CSV run neither parses nor evaluates them (about
 * 6 MB less resident memory at start, bench/mitigate-memory.ts). The app's code stays in
 * dist/cli.js, so its classes (InputError…) exist once; these bundles hold the packages only.
 */
const CLI_PACKAGES = {
  pg: 'cli-pg',
  'pg-cursor': 'cli-pg-cursor',
  '@clickhouse/client': 'cli-clickhouse',
  'apache-arrow': 'cli-arrow',
  '@duckdb/node-api': 'cli-duckdb',
  highs: 'cli-highs',
};
const cliPackages = {
  name: 'cli-packages',
  setup(build) {
    // A stub that requires the bundle: `import()` of it then becomes a require when it runs (an
    // external `import()` would stay one, and Node's ESM loader cannot see a bundle's exports).
    build.onResolve({ filter: /^(pg|pg-cursor|@clickhouse\/client|apache-arrow|@duckdb\/node-api|highs)$/ }, (args) => ({
      path: args.path,
      namespace: 'cli-package',
    }));
    build.onResolve({ filter: /^\.\/cli-[a-z-]+\.js$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'cli-package' }, (args) => ({
      contents: `module.exports = require('./${CLI_PACKAGES[args.path]}.js');`,
      loader: 'js',
    }));
  },
};

await Promise.all([
  ...Object.entries(CLI_PACKAGES).map(([name, bundle]) =>
    esbuild.build({
      ...nodeCommon,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: process.cwd(), sourcefile: `${bundle}.js` },
      outfile: `dist/${bundle}.js`,
    }),
  ),
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
    plugins: [...nodeCommon.plugins, cliPackages],
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
