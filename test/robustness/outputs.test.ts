// Issue 21, items 2, 3 and 8 (output paths): no command writes over an input, through a plain
// path, a symbolic link or a hard link, or replaces a folder that holds one; an existing output
// folder needs --force and is then replaced whole; output-path problems are found before the
// work starts. Every case runs the bundled CLI and checks the inputs byte for byte afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { compasSplit } from '../support/compas-split';
import { writeFolder } from '../../server/src/io/outputs/folder';
import { checkOutputs } from '../../server/src/io/outputs/guard';
import { COMPAS, folderHashes, oneLineError, parity, sha256 } from '../support/cli';
import { loadDuckDb } from '../support/load-tables';

const AUDIT = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', 'race', '--bootstrap', '0'];
const THRESHOLD = (data: string) => ['mitigate', 'threshold', '--data', data, '--score', 'decile_score', '--label', 'two_year_recid', '--sensitive', 'race'];

describe('outputs never replace inputs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-outputs-'));
  const data = path.join(dir, 'v.csv');
  let hash = '';

  before(() => {
    copyFileSync(COMPAS, data);
    symlinkSync(data, path.join(dir, 'soft.csv'));
    linkSync(data, path.join(dir, 'hard.csv'));
    hash = sha256(data);
  });

  const refused = (args: string[], pattern: RegExp) => {
    const run = parity(args, { cwd: dir });
    assert.equal(run.status, 2, run.stderr);
    assert.match(oneLineError(run), pattern);
    assert.equal(sha256(data), hash, 'the input is byte-for-byte unchanged');
  };

  it('audit --out: the input itself, a symbolic link to it, a hard link to it', () => {
    refused(['audit', data, ...AUDIT, '--out', data], /--out .*v\.csv is the input file .*v\.csv: choose another --out$/);
    refused(['audit', data, ...AUDIT, '--out', 'soft.csv'], /is the input file .*v\.csv \(through a link\)/);
    refused(['audit', data, ...AUDIT, '--out', 'hard.csv'], /is the input file .*v\.csv \(through a link\)/);
    refused(['audit', 'hard.csv', ...AUDIT, '--out', data], /is the input file/);
  });

  it('audit --out: the DuckDB database file audited, and a link to it', async () => {
    const database = path.join(dir, 'scores.duckdb');
    await loadDuckDb(
      database,
      'scores',
      [
        { name: 'race', kind: 'text' },
        { name: 'two_year_recid', kind: 'integer' },
        { name: 'decile_score', kind: 'integer' },
      ],
      [
        ['a', 1, 7],
        ['b', 0, 2],
        ['a', 0, 4],
        ['b', 1, 9],
      ],
    );
    symlinkSync(database, path.join(dir, 'scores-link.html'));
    const before = sha256(database);
    for (const out of [database, 'scores-link.html']) {
      const run = parity(['audit', `duckdb:${database}`, '--table', 'scores', ...AUDIT, '--out', out], { cwd: dir });
      assert.equal(run.status, 2, run.stderr);
      assert.match(oneLineError(run), /is the input file .*scores\.duckdb/);
    }
    assert.equal(sha256(database), before);
  });

  it('leakage --out: the input, or a link to it', () => {
    refused(['leakage', data, '--sensitive', 'race', '--out', data], /is the input file/);
    refused(['leakage', data, '--sensitive', 'race', '--out', 'soft.csv'], /through a link/);
  });

  it('apply --out: the data file or the model file, directly or through links', () => {
    const out = path.join(dir, 'fitted');
    assert.equal(parity([...THRESHOLD(data), '--out', out]).status, 0);
    const model = path.join(out, 'model.json');
    const modelHash = sha256(model);
    symlinkSync(model, path.join(dir, 'model-link.json'));
    refused(['apply', model, data, '--out', data], /is the input file/);
    refused(['apply', model, data, '--out', 'hard.csv'], /through a link/);
    refused(['apply', model, data, '--out', 'model-link.json'], /is the input file .*model\.json \(through a link\)/);
    assert.equal(sha256(model), modelHash);
  });

  it('mitigate: an existing folder needs --force, which replaces it whole, links and all, and never follows them to an input', () => {
    const out = path.join(dir, 'linked');
    mkdirSync(out);
    symlinkSync(data, path.join(out, 'predictions.csv'));
    linkSync(data, path.join(out, 'report.json'));
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    refused([...THRESHOLD(data), '--out', out], /the output folder .*linked already exists; give --force to replace it, or choose another --out$/);
    const forced = parity([...THRESHOLD(data), '--out', out, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(sha256(data), hash, 'the links in the old folder did not lead the writes to the input');
    assert.deepEqual(readdirSync(out).sort(), ['model.json', 'predictions.csv', 'report.json'], 'the old folder was replaced as a whole');
    assert.ok(lstatSync(path.join(out, 'predictions.csv')).isFile() && !lstatSync(path.join(out, 'predictions.csv')).isSymbolicLink());
    assert.equal(readFileSync(path.join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n').length, 7215);
  });

  it('mitigate: a folder that holds an input is never replaced, even with --force', () => {
    const holder = path.join(dir, 'holder');
    mkdirSync(holder);
    const inside = path.join(holder, 'data.csv');
    copyFileSync(COMPAS, inside);
    const run = parity([...THRESHOLD(inside), '--out', holder, '--force']);
    assert.equal(run.status, 2);
    assert.match(oneLineError(run), /the output folder .*holder holds the input file .*data\.csv, and would be replaced: choose another --out$/);
    assert.equal(sha256(inside), hash);
  });

  it('compare: feeding a previous run back in (its base files as inputs, its folder as --out) is refused', () => {
    const split = compasSplit(mkdtempSync(path.join(tmpdir(), 'parity-compare-')));
    const out = path.join(dir, 'cmp');
    const flags = ['--label', 'two_year_recid', '--sensitive', 'race', '--methods', 'reweighing'];
    const first = parity(['compare', '--train', split.train, '--test', split.test, ...flags, '--out', out]);
    assert.equal(first.status, 0, first.stderr);
    const previous = folderHashes(out);
    for (const force of [[], ['--force']]) {
      const again = parity([
        'compare',
        '--train',
        path.join(out, 'base/train.scored.csv'),
        '--test',
        path.join(out, 'base/test.scored.csv'),
        ...flags,
        '--out',
        out,
        ...force,
      ]);
      assert.equal(again.status, 2, again.stderr);
      assert.match(oneLineError(again), /the output folder .*cmp holds the input file .*cmp\/base\/train\.scored\.csv/);
      assert.deepEqual(folderHashes(out), previous, 'the previous comparison is untouched');
    }
    // The comparison's files name their final paths, not the folder they were written in.
    const comparison = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as { points: { report: string }[] };
    assert.ok(comparison.points.every((point) => point.report === path.join(out, 'reweighing/report.json')));
    const report = JSON.parse(readFileSync(path.join(out, 'reweighing/report.json'), 'utf8')) as { files: Record<string, unknown> };
    assert.equal(report.files.predictions, path.join(out, 'reweighing/predictions.csv'));
    assert.ok(!readdirSync(dir).some((name) => name.includes('.parity-')), 'no staging folder is left behind');
  });
});

describe('output-path problems are found before the work starts (exit 2, one line)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-outpaths-'));
  // The last row is malformed: a command that read the file before checking its output would fail on it instead.
  const late = path.join(dir, 'late-error.csv');
  const existingFile = path.join(dir, 'existing.txt');
  before(() => {
    writeFileSync(late, readFileSync(COMPAS, 'utf8') + '1,2,3\n');
    writeFileSync(existingFile, 'x\n');
  });

  const cases: [string, string[], RegExp][] = [
    [
      'audit --out in a folder that does not exist',
      ['audit', late, ...AUDIT, '--out', '/nonexistent/d/x.json'],
      /--out: the folder \/nonexistent\/d does not exist: create it first, or choose another --out$/,
    ],
    ['audit --out an existing folder', ['audit', late, ...AUDIT, '--out', dir], /--out .* is a folder: give a file name$/],
    ['leakage --out an existing folder', ['leakage', late, '--sensitive', 'race', '--out', dir], /is a folder: give a file name$/],
    ['mitigate --out an existing file', [...THRESHOLD(late), '--out', existingFile], /--out .*existing\.txt exists and is not a folder: give a folder name$/],
    ['mitigate --out in a folder that does not exist', [...THRESHOLD(late), '--out', '/nonexistent/d/out'], /the folder \/nonexistent\/d does not exist/],
    [
      'compare --out an existing file',
      ['compare', '--train', late, '--test', late, '--label', 'two_year_recid', '--sensitive', 'race', '--out', existingFile],
      /exists and is not a folder/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, () => {
      const run = parity(args, { cwd: dir });
      assert.equal(run.status, 2, run.stderr);
      assert.match(oneLineError(run), pattern);
    });
  }

  it('a report --out replaces an earlier report atomically and leaves no temporary file', () => {
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'old\n');
    const run = parity(['audit', COMPAS, ...AUDIT, '--format', 'json', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { rows: number }).rows, 7214);
    assert.ok(!readdirSync(dir).some((name) => name.endsWith('.tmp')), 'no temporary file left');
    assert.ok(existsSync(existingFile));
  });
});

describe('a folder replaced whole', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-swap-'));
  // A process id that is not running: a run that died.
  const deadPid = (() => {
    const run = spawnSync(process.execPath, ['-e', '']);
    return run.pid!;
  })();

  it('a run killed between its two renames leaves the old folder aside; the next check puts it back whole', async () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'report.json'), '{"run":"previous"}\n');
    const before = folderHashes(out);
    // The first rename of the swap, as the killed run left it: out moved to its hidden "old" name.
    renameSync(out, path.join(dir, `.out.parity-old-${deadPid}-0123abcd`));
    await checkOutputs([], [{ path: out, kind: 'folder' }], { force: true });
    assert.deepEqual(folderHashes(out), before);
    assert.deepEqual(readdirSync(dir), ['out']);
  });

  it('the staging folders of runs that died are deleted by the next write; an error leaves the old folder as it was', async () => {
    const out = path.join(dir, 'kept');
    mkdirSync(out);
    writeFileSync(path.join(out, 'report.json'), 'old\n');
    mkdirSync(path.join(dir, `.kept.parity-new-${deadPid}-89abcdef`));
    await assert.rejects(
      writeFolder(out, async (staging) => {
        writeFileSync(path.join(staging, 'predictions.csv'), 'partial');
        throw new Error('disk full');
      }),
      /disk full/,
    );
    assert.equal(readFileSync(path.join(out, 'report.json'), 'utf8'), 'old\n');
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('kept')),
      ['kept'],
    );
    await writeFolder(out, async (staging) => writeFileSync(path.join(staging, 'report.json'), 'new\n'));
    assert.deepEqual(readdirSync(out), ['report.json']);
    assert.equal(readFileSync(path.join(out, 'report.json'), 'utf8'), 'new\n');
  });
});
