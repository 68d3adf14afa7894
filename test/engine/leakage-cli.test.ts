// The `parity leakage` command, called as the CLI calls it, on generated files: `title` copies
// `sex` except for 1 row in 10 (a strong proxy by construction), `noise` is independent of it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../server/src/engine/errors';
import { leakageCommand } from '../../server/src/adapters/cli/leakage-command';
import { InputError } from '../../server/src/engine/errors';
import { seededRandom } from '../../server/src/engine/numerics/random';
import type { LeakageResult } from '../../common/reports/leakage';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-leakage-cli-'));
const random = seededRandom(42);

function writeCsv(name: string, withProxy: boolean): string {
  const lines = ['sex,title,noise,group,income'];
  for (let i = 0; i < 600; i++) {
    const sex = random() < 0.5 ? 'F' : 'M';
    const title = random() < 0.9 === (sex === 'F') ? 'Ms' : 'Mr';
    const group = ['a', 'b', 'c'][Math.floor(random() * 3)];
    const income = random() < 0.5 ? 1 : 0;
    lines.push(`${sex},${withProxy ? title : 'x' + Math.floor(random() * 3)},${random().toFixed(3)},${group},${income}`);
  }
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const proxyFile = writeCsv('proxy.csv', true);
const cleanFile = writeCsv('clean.csv', false);
const signal = new AbortController().signal;

async function runJson(args: string[]): Promise<{ code: number; result: LeakageResult }> {
  const out = path.join(dir, `out-${Math.floor(random() * 1e9)}.json`);
  const code = await leakageCommand([...args, '--format', 'json', '--out', out], signal);
  return { code, result: JSON.parse(readFileSync(out, 'utf8')) as LeakageResult };
}

describe('parity leakage', () => {
  it('writes the versioned JSON: columns, joint, flagged and the sample', async () => {
    const { code, result } = await runJson([proxyFile, '--sensitive', 'sex', '--label', 'income', '--sample', '400', '--seed', '3']);
    assert.equal(code, 0);
    assert.equal(result.schemaVersion, 1);
    assert.deepEqual(result.sample, { rows: 400, totalRows: 600, sampled: true, seed: 3, jointRows: 400 });
    assert.deepEqual(result.candidates, ['title', 'noise', 'group']);
    assert.deepEqual(
      result.columns.map((c) => [c.column, c.sensitive]),
      [
        ['title', 'sex'],
        ['noise', 'sex'],
        ['group', 'sex'],
      ],
    );
    for (const c of result.columns)
      for (const key of ['cramersV', 'cramersVPlugIn', 'nmi', 'eta', 'auc', 'kind', 'severity']) assert.ok(key in c, `${c.column} lacks ${key}`);
    assert.equal(result.joint.length, 1);
    assert.equal(result.joint[0]!.sensitive, 'sex');
    assert.ok(result.joint[0]!.auc > 0.8, `joint AUC ${result.joint[0]!.auc}`);
    assert.deepEqual(result.joint[0]!.contributions.map((c) => c.column).sort(), ['group', 'noise', 'title']);
    assert.equal(result.joint[0]!.contributions[0]!.column, 'title');
    assert.deepEqual(
      result.flagged.map((f) => [f.column, f.sensitive, f.severity]),
      [['title', 'sex', 'strong']],
    );
    assert.ok(result.flagged[0]!.measures.auc > 0.8 && result.flagged[0]!.measures.cramersV > 0.6);
  });

  it('--fail-if-proxy exits 1 only when a strong proxy is flagged', async () => {
    assert.equal((await runJson([proxyFile, '--sensitive', 'sex', '--fail-if-proxy'])).code, 1);
    assert.equal((await runJson([cleanFile, '--sensitive', 'sex', '--label', 'income', '--fail-if-proxy'])).code, 0);
  });

  it('an unknown sensitive column is an input error naming the file and the close names', async () => {
    await assert.rejects(leakageCommand([proxyFile, '--sensitive', 'sexx'], signal), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, `${proxyFile}: unknown column "sexx"; did you mean "sex"?`);
      return true;
    });
  });

  it('usage errors: no --sensitive, no file, a bad --sample', async () => {
    await assert.rejects(leakageCommand([proxyFile], signal), UsageError);
    await assert.rejects(leakageCommand(['--sensitive', 'sex'], signal), UsageError);
    await assert.rejects(leakageCommand([proxyFile, '--sensitive', 'sex', '--sample', '0'], signal), UsageError);
  });

  it('the table format lists the flagged columns', async () => {
    const out = path.join(dir, 'table.txt');
    await leakageCommand([proxyFile, '--sensitive', 'sex', '--label', 'income', '--out', out], signal);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /Proxies of "sex":/);
    assert.match(text, /strong {3}"title" predicts "sex": AUC 0\.\d{3}, Cramér's V 0\.\d{3}/);
  });
});
