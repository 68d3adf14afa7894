// The mocha entry VS Code calls in the extension host (extensionTestsPath).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MochaModule from 'mocha';

export function run(): Promise<void> {
  const mocha = new MochaModule({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // PARITY_TEST_FILES (comma-separated names, e.g. "configure-columns") runs only those files; unset or empty, all of them.
  const only = (process.env.PARITY_TEST_FILES ?? '').split(',').filter((name) => name !== '');
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .filter((file) => only.length === 0 || only.includes(file.replace(/\.test\.js$/, '')));
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The runner outside VS Code reads the counts for its closing line.
      const results = process.env.PARITY_TEST_RESULTS;
      if (results) writeFileSync(results, JSON.stringify({ passes: runner.stats?.passes ?? 0, failures }));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
