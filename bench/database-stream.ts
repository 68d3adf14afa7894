// `node out/bench/database-stream.js`: an audit of a two-shard ClickHouse cluster, counted where
// the data lives. BENCH_CLICKHOUSE_ROWS rows (default 100M) are generated inside the servers from
// numbers(), half on each shard, with the columns of bench/generate.ts's file (8 unequal groups,
// sex, label, prediction, and a score stored with 3 decimals, as a model's probability often is:
// a score with a distinct value on every row would send one record per row). Measured: the
// cluster's bare `SELECT count()` and a full scan of the audited columns, then Parity's audit
// (its own process: peak RSS, CPU) of the whole Distributed table and of its first tenth (a query),
// so the two peaks show whether memory grows with rows. Uses the servers of .ci/run (PARITY_*
// variables) or starts and stops its own. Writes bench/database-results.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { startServers, withPassword } from '../test/support/databases';
import { clickhouseClient } from '../test/support/load-tables';

const root = path.resolve(__dirname, '../..');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_CLICKHOUSE_ROWS ?? 100_000_000);
  const servers = startServers();
  const shards = servers.clickhouseShardUrls.map((url) => clickhouseClient(url, servers.clickhousePassword));
  try {
    const columns = 'id UInt64, group String, sex String, label UInt8, prediction UInt8, score Float64';
    // Deterministic rows: hashes of the id stand in for bench/generate.ts's random draws.
    const u = (salt: number) => `(intHash64(id * 7 + ${salt}) % 1000000) / 1000000`;
    const groupOf = `multiIf(${u(1)} < 0.4, 'g0', ${u(1)} < 0.6, 'g1', ${u(1)} < 0.72, 'g2', ${u(1)} < 0.82, 'g3', ${u(1)} < 0.9, 'g4', ${u(1)} < 0.95, 'g5', ${u(1)} < 0.98, 'g6', 'g7')`;
    for (const [s, shard] of shards.entries()) {
      await shard.command({ query: 'DROP TABLE IF EXISTS bench_local' });
      await shard.command({ query: 'DROP TABLE IF EXISTS bench' });
      await shard.command({ query: `CREATE TABLE bench_local (${columns}) ENGINE = MergeTree ORDER BY id` });
      await shard.command({ query: `CREATE TABLE bench AS bench_local ENGINE = Distributed(${servers.clickhouseCluster}, default, bench_local, id)` });
      const half = Math.floor(rows / 2) + (s === 0 ? rows % 2 : 0);
      const offset = s === 0 ? 0 : rows - half;
      await shard.command({
        query: `INSERT INTO bench_local SELECT id, grp AS group, if(${u(2)} < 0.5, 'F', 'M') AS sex, lab AS label, score >= 0.5 AS prediction, round(score, 3) AS score
          FROM (SELECT id, grp, lab, least(1, greatest(0, 0.35 * lab + 0.03 * toUInt8(substring(grp, 2)) + 0.5 * ${u(4)})) AS score
            FROM (SELECT id, ${groupOf} AS grp, ${u(3)} < 0.3 + 0.04 * toUInt8(substring(${groupOf}, 2)) AS lab
              FROM (SELECT number + ${offset} AS id FROM system.numbers LIMIT ${half})))`,
      });
    }
    const query = async (sql: string) => (await (await shards[0]!.query({ query: sql, format: 'TabSeparated' })).text()).trim();
    const count = await timed(() => query('SELECT count() FROM bench'));
    if (Number(count.value) !== rows) throw new Error(`the cluster holds ${count.value} rows, expected ${rows}`);
    const scan = await timed(() => query('SELECT sum(cityHash64(group, sex, label, prediction, score)) FROM bench'));
    const loadBefore = loadavg()[0];
    const url = withPassword(servers.clickhouseUrl, servers.clickhousePassword);
    const job = (relation: string) =>
      JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'job.js'), 'audit', url, relation], { encoding: 'utf8' })) as {
        rows: number;
        recordsRead: number;
        seconds: number;
        cpuSeconds: number;
        peakRssMb: number;
      };
    const tenth = Math.floor(rows / 10);
    const auditTenth = job(`SELECT * FROM bench WHERE id < ${tenth}`);
    const audit = job('bench');
    if (audit.rows !== rows || auditTenth.rows !== tenth) throw new Error(`the audits saw ${audit.rows} and ${auditTenth.rows} rows`);
    const results = {
      date: new Date().toISOString(),
      rows,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      countSeconds: count.seconds,
      scanSeconds: scan.seconds,
      auditTenth,
      audit,
      auditOverScan: audit.seconds / scan.seconds,
    };
    writeFileSync(path.join(root, 'bench/database-results.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    for (const shard of shards) {
      await shard.command({ query: 'DROP TABLE IF EXISTS bench' }).catch(() => undefined);
      await shard.command({ query: 'DROP TABLE IF EXISTS bench_local' }).catch(() => undefined);
      await shard.close();
    }
    servers.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
