// The bundled `parity` command in a child process, and what the robustness tests check around it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist/cli.js');
export const COMPAS = path.join(ROOT, 'examples/compas/compas-two-years.csv');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function parity(args: readonly string[], options: { cwd?: string; input?: string | Buffer; timeoutMs?: number } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? ROOT,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file under a folder (relative path → sha256), hidden ones included. */
export function folderHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else hashes[path.relative(dir, file)] = sha256(file);
    }
  };
  walk(dir);
  return hashes;
}

/** An error as the CLI must print it: one line starting with "parity: ", no stack trace. */
export function oneLineError(run: Run): string {
  const lines = run.stderr.trimEnd().split('\n');
  if (lines.length !== 1 || !lines[0]!.startsWith('parity: ') || /\n\s+at /.test(run.stderr)) throw new Error(`expected one error line, got:\n${run.stderr}`);
  return lines[0]!;
}
