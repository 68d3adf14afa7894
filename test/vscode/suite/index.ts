// The mocha entry VS Code calls in the extension host (extensionTestsPath).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import MochaModule from 'mocha';

export function run(): Promise<void> {
  const mocha = new MochaModule({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
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
