// npm run package: the production build, then parity.vsix for this machine's platform. The package
// carries DuckDB's native binding (dist/duckdb/), so it is platform-specific (vsce --target).
import { execFileSync } from 'node:child_process';
import { vsceTarget } from './duckdb-binding.mjs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce',
  'package',
  '--no-dependencies',
  '--no-rewrite-relative-links',
  // the Extensions view shows a user's README; the repository's README.md is the developers'
  '--readme-path',
  'docs/extension-readme.md',
  '--target',
  vsceTarget(),
  '--out',
  'parity.vsix',
]);
