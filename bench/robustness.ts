// Figures of issue 21 for one build of the language server (default dist/server.js; give another
// build's server.js to compare): `node out/bench/robustness.js [SERVER.js]`. Prints one JSON line
// per case: five audits cancelled at once, a storm of 200 cancelled audits, 40 audits at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCsv } from './generate';
import { startServer } from '../test/support/language-server';
import { cancelledAtOnce, cancelStorm, concurrentAudits } from '../test/support/server-load';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/compas/compas-two-years.csv');
const EXAMPLE_OPTIONS = { label: 'two_year_recid', score: 'decile_score', threshold: 5, sensitive: ['race', 'sex'], bootstrap: 20 };
const LARGE_OPTIONS = { label: 'label', score: 'score', threshold: 0.5, sensitive: ['group', 'sex'], bootstrap: 0 };

async function main(): Promise<void> {
  const script = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const large = path.join(mkdtempSync(path.join(tmpdir(), 'parity-robustness-')), 'large.csv');
  await generateCsv(large, 400_000);
  const print = (name: string, figures: object) => process.stdout.write(JSON.stringify({ case: name, ...figures }) + '\n');
  for (const [name, run] of [
    ['cancelled at once', (server: Awaited<ReturnType<typeof startServer>>) => cancelledAtOnce(server, large, LARGE_OPTIONS)],
    ['cancel storm', (server: Awaited<ReturnType<typeof startServer>>, threads: number) => cancelStorm(server, large, LARGE_OPTIONS, threads)],
    ['40 concurrent audits', (server: Awaited<ReturnType<typeof startServer>>) => concurrentAudits(server, EXAMPLE, EXAMPLE_OPTIONS)],
  ] as const) {
    const server = await startServer(script);
    try {
      await concurrentAudits(server, EXAMPLE, EXAMPLE_OPTIONS, 1); // warm up: the thread pool and the first worker start
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const baseline = { threads: server.threads(), rssMb: Math.round(server.rssMb()) };
      print(name, { baseline, ...(await run(server, baseline.threads)) });
    } finally {
      server.stop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
