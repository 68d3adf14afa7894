// The real database servers for the io tests: the ones .ci/run started (PARITY_DB_DIR and the
// variables scripts/db/start.sh prints), or a fresh set started here and stopped by stop().
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export interface Servers {
  /** postgres://parity@127.0.0.1:PORT/parity (no password: it is in `postgresPassword`). */
  postgresUrl: string;
  postgresPassword: string;
  /** clickhouse://parity@127.0.0.1:HTTP_PORT/default of shard 1, which holds the Distributed table. */
  clickhouseUrl: string;
  clickhouseShardUrls: string[];
  clickhouseCluster: string;
  clickhousePassword: string;
  /** Stops the servers if this process started them; servers from .ci/run are left to it. */
  stop(): void;
}

const NAMES = [
  'PARITY_POSTGRES_URL',
  'PARITY_POSTGRES_PASSWORD',
  'PARITY_CLICKHOUSE_URL',
  'PARITY_CLICKHOUSE_SHARD_URLS',
  'PARITY_CLICKHOUSE_CLUSTER',
  'PARITY_CLICKHOUSE_PASSWORD',
];

export function startServers(): Servers {
  let variables: Record<string, string>;
  let started: string | undefined;
  if (NAMES.every((name) => process.env[name])) {
    variables = Object.fromEntries(NAMES.map((name) => [name, process.env[name]!]));
  } else {
    const output = execFileSync('bash', [path.join(root, 'scripts/db/start.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    variables = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    started = variables.PARITY_DB_DIR;
  }
  return {
    postgresUrl: variables.PARITY_POSTGRES_URL!,
    postgresPassword: variables.PARITY_POSTGRES_PASSWORD!,
    clickhouseUrl: variables.PARITY_CLICKHOUSE_URL!,
    clickhouseShardUrls: variables.PARITY_CLICKHOUSE_SHARD_URLS!.split(','),
    clickhouseCluster: variables.PARITY_CLICKHOUSE_CLUSTER!,
    clickhousePassword: variables.PARITY_CLICKHOUSE_PASSWORD!,
    stop() {
      if (started) execFileSync('bash', [path.join(root, 'scripts/db/stop.sh'), started], { stdio: 'inherit' });
    },
  };
}

/** A URL with the password written in, for the tests of redaction. */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}
