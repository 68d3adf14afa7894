// Issue 21, item 8 (and the settings of item 7): terminal escapes, numbers that overflow, text
// encodings and line ends, pipes and standard input, bidirectional controls in HTML, formula
// cells in written CSV files, and what package.json declares. Each case runs the bundled CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { MAX_BOOTSTRAP, MAX_GROUPS, MAX_LEAKAGE_SAMPLE, readSettings } from '../../common/settings';
import { describeParameters } from '../../server/src/params/schema';
import { AUDIT_OPTIONS } from '../../server/src/services/audit-params';
import { COMPAS, oneLineError, parity, ROOT, sha256 } from '../support/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-edges-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const AUDIT = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', 'race', '--bootstrap', '0', '--format', 'json'];
// Raw terminal controls: ESC (C0), CSI as one C1 character, and the right-to-left override.
// eslint-disable-next-line no-control-regex
const RAW_CONTROLS = /[\u001b\u009b\u202e]/;

describe('every printed user string is escaped for the terminal', () => {
  const hostile = '\u001b[31mred\u001b[0m';
  const override = 'A\u202eevil\u202cB';
  const file = write(
    'hostile.csv',
    `sex,${hostile},${override},label\n` + Array.from({ length: 200 }, (_, i) => `${i % 2 ? 'F' : 'M'},${i % 3},${(i * 7) % 5},${i % 2}`).join('\n') + '\n',
  );

  it('leakage prints column names with escape sequences and bidi controls as visible escapes', () => {
    const run = parity(['leakage', file, '--sensitive', 'sex', '--label', 'label']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, RAW_CONTROLS);
    assert.ok(run.stdout.includes('\\x1b[31mred\\x1b[0m'), 'the ESC characters are shown as \\x1b');
    assert.ok(run.stdout.includes('A<U+202E>evil<U+202C>B'), 'the override is shown by name');
  });

  it('"the columns are: ..." names them escaped, on one line', () => {
    const run = parity(['audit', file, '--sensitive', 'nosuch', '--label', 'label']);
    assert.equal(run.status, 2);
    const line = oneLineError(run);
    assert.match(line, /unknown column "nosuch"; the columns are: /);
    assert.doesNotMatch(run.stderr, RAW_CONTROLS);
    assert.ok(line.includes('\\x1b[31mred'));
  });

  it('JSON on standard output escapes them as \\u and still holds the same names', () => {
    const run = parity(['leakage', file, '--sensitive', 'sex', '--label', 'label', '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, RAW_CONTROLS);
    const result = JSON.parse(run.stdout) as { columnNames: string[] };
    assert.ok(result.columnNames.includes(hostile) && result.columnNames.includes(override));
  });
});

describe('numbers are parsed alike everywhere: what overflows to Infinity is rejected like "Infinity"', () => {
  for (const value of ['Infinity', '1e999', '1' + '0'.repeat(400)]) {
    const file = write(`score-${value.length}.csv`, `sex,label,score\nF,1,0.5\nM,0,${value}\nF,0,0.2\nM,1,0.9\n`);
    const shown = value.length > 20 ? /score "10{50,}/ : new RegExp(`score "${value}"`);
    it(`a score of ${value.slice(0, 12)}${value.length > 12 ? '...' : ''} in a data cell, for the audit and for a mitigation`, () => {
      const audit = parity(['audit', file, '--label', 'label', '--score', 'score', '--threshold', '0.5', '--sensitive', 'sex', '--bootstrap', '0']);
      assert.equal(audit.status, 2);
      assert.match(oneLineError(audit), /line 3, column "score": score "[^"]+" is not a number$/);
      assert.match(audit.stderr, shown);
      const mitigate = parity([
        'mitigate',
        'threshold',
        '--data',
        file,
        '--score',
        'score',
        '--label',
        'label',
        '--sensitive',
        'sex',
        '--out',
        path.join(dir, `out-${value.length}`),
      ]);
      assert.equal(mitigate.status, 2);
      assert.match(oneLineError(mitigate), /line 3, column "score": column "score" has "[^"]+", not a number$/);
    });
  }

  it('in a flag', () => {
    const run = parity(['audit', COMPAS, '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '1e999', '--sensitive', 'race']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^parity: --threshold expects a number, got "1e999" \(usage: /m);
  });
});

describe('text encodings and line ends', () => {
  const utf8 = readFileSync(COMPAS);
  const expected = JSON.parse(parity(['audit', COMPAS, ...AUDIT]).stdout) as { rows: number; groupings: unknown };
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]);
  const utf16be = Buffer.from(utf16le);
  utf16be.swap16(); // the byte-order mark swaps to FE FF too

  const cases: [string, Buffer][] = [
    ['UTF-16 little-endian with its byte-order mark', utf16le],
    ['UTF-16 big-endian with its byte-order mark', utf16be],
    ['gzip-compressed UTF-16', gzipSync(utf16le)],
    ['bare carriage returns as line ends', Buffer.from(utf8.toString('utf8').replace(/\n/g, '\r'))],
  ];
  for (const [name, bytes] of cases) {
    it(`reads ${name} exactly as the UTF-8 file`, () => {
      const run = parity(['audit', write(`${name.replace(/\W+/g, '-')}.csv${name.startsWith('gzip') ? '.gz' : ''}`, bytes), ...AUDIT]);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as typeof expected;
      assert.equal(report.rows, 7214);
      assert.deepEqual(report.groupings, expected.groupings);
    });
  }

  it('counts lines right in a file with bare carriage returns (an extra field on line 5001)', () => {
    const lines = utf8.toString('utf8').split('\n');
    lines[5000] += ',extra';
    const run = parity(['audit', write('cr-error.csv', lines.join('\r')), ...AUDIT]);
    assert.equal(run.status, 2);
    assert.match(oneLineError(run), /cr-error\.csv, line 5001: expected 12 fields, found 13$/);
  });

  it('names UTF-16 without a byte-order mark and UTF-32 in one line (they were field-count errors)', () => {
    const bare = parity(['audit', write('utf16-bare.csv', Buffer.from(utf8.toString('utf8'), 'utf16le')), ...AUDIT]);
    assert.equal(bare.status, 2);
    assert.match(oneLineError(bare), /UTF-16 text without a byte-order mark, or not text at all; save it as UTF-8 and try again$/);
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('id,race\n')]);
    const wide = parity(['audit', write('utf32.csv', utf32), ...AUDIT]);
    assert.equal(wide.status, 2);
    assert.match(oneLineError(wide), /the file is UTF-32 text: save it as UTF-8/);
  });

  it('tells a 50 MB line without line breaks from an unclosed quote (it was blamed on a quote)', () => {
    const long = parity(['audit', write('long-line.csv', 'a,b\n' + 'x'.repeat(50 * 2 ** 20) + '\n'), '--sensitive', 'a']);
    assert.equal(long.status, 2);
    assert.match(oneLineError(long), /long-line\.csv, line 2: a line is longer than 8 MiB of text with no line break: is this a CSV file\?$/);
    const quoted = parity(['audit', write('open-quote.csv', 'a,b\n1,"' + 'x\n'.repeat(5 * 2 ** 20)), '--sensitive', 'a']);
    assert.equal(quoted.status, 2);
    assert.match(oneLineError(quoted), /line 2: a row is longer than 8 MiB of text; a quoted field is probably never closed$/);
  });
});

describe('pipes and standard input', () => {
  const expected = JSON.parse(parity(['audit', COMPAS, ...AUDIT]).stdout) as { groupings: unknown };
  for (const name of ['-', '/dev/stdin']) {
    it(`parity audit ${name} reads a pipe`, () => {
      const run = parity(['audit', name, ...AUDIT], { input: readFileSync(COMPAS) });
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { rows: number; groupings: unknown };
      assert.equal(report.rows, 7214);
      assert.deepEqual(report.groupings, expected.groupings);
    });
  }

  it('a mitigation reads standard input too; compressed data on a pipe and /dev/zero get one line', () => {
    const out = path.join(dir, 'from-stdin');
    const run = parity(['mitigate', 'threshold', '--data', '-', '--score', 'decile_score', '--label', 'two_year_recid', '--sensitive', 'race', '--out', out], {
      input: readFileSync(COMPAS),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(path.join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n').length, 7215);
    const gz = parity(['audit', '-', ...AUDIT], { input: gzipSync(readFileSync(COMPAS)) });
    assert.equal(gz.status, 2);
    assert.match(oneLineError(gz), /gzip-compressed data cannot be read from a pipe: decompress it first/);
    const zero = parity(['audit', '/dev/zero', ...AUDIT], { timeoutMs: 20_000 });
    assert.equal(zero.status, 2);
    assert.match(oneLineError(zero), /\/dev\/zero: cannot read file: not a regular file \(a device\)$/);
  });
});

describe('bidirectional controls are visible in the HTML report', () => {
  it('a group "A<RLO>evil<PDF>B" is shown with its controls named, not reordered', () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i % 2 ? 'A\u202eevil\u202cB' : 'plain'},${i % 2},${i % 3 === 0 ? 1 : 0}`);
    const file = write('bidi.csv', ['group,label,prediction', ...rows].join('\n') + '\n');
    const run = parity(['audit', file, '--label', 'label', '--prediction', 'prediction', '--sensitive', 'group', '--bootstrap', '0', '--format', 'html']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(run.stdout), 'no raw bidirectional control in the page');
    assert.ok(run.stdout.includes('A&lt;U+202E&gt;evil&lt;U+202C&gt;B'));
  });
});

describe('--safe-csv neutralises formula cells in the CSV files written', () => {
  const formulas = ["=cmd|' /C calc'!A0", '@SUM(A1:A9)', '+HYPERLINK("http://x","y")', '-2+3', '\tTAB'];
  const rows = Array.from({ length: 60 }, (_, i) => ({
    group: i % 2 ? 'a' : 'b',
    note: i < formulas.length ? formulas[i]! : i === 10 ? '-0.5' : 'text',
    score: ((i * 37) % 100) / 100,
    label: i % 3 === 0 ? 1 : 0,
  }));
  const file = write('formulas.csv', Papa.unparse(rows) + '\n');
  const flags = (out: string) => ['mitigate', 'threshold', '--data', file, '--score', 'score', '--label', 'label', '--sensitive', 'group', '--out', out];
  const notes = (out: string) =>
    Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'predictions.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data.map(
      (row) => row.note,
    );

  it('copies the cells verbatim by default, with an apostrophe in front under --safe-csv (numbers untouched); the input is unchanged', () => {
    const hash = sha256(file);
    const plain = path.join(dir, 'plain');
    assert.equal(parity(flags(plain)).status, 0);
    // The reader trims surrounding whitespace, so "\tTAB" is read (and copied) as "TAB".
    assert.deepEqual(notes(plain).slice(0, 5), [...formulas.slice(0, 4), 'TAB']);
    const safe = path.join(dir, 'safe');
    const run = parity([...flags(safe), '--safe-csv']);
    assert.equal(run.status, 0, run.stderr);
    const written = notes(safe);
    assert.deepEqual(
      written.slice(0, 4),
      formulas.slice(0, 4).map((cell) => `'${cell}`),
    );
    assert.equal(written[10], '-0.5', 'a negative number is not a formula');
    assert.equal(written[11], 'text');
    assert.equal(sha256(file), hash);
  });

  it('parity apply takes --safe-csv too', () => {
    const out = path.join(dir, 'applied.csv');
    const run = parity(['apply', path.join(dir, 'plain', 'model.json'), file, '--out', out, '--safe-csv']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(readFileSync(out, 'utf8').includes(`"'=cmd|' /C calc'!A0"`));
  });
});

describe('settings and the extension manifest', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
    contributes: { configuration: { properties: Record<string, { maximum?: number; type: string }> } };
  };
  const properties = manifest.contributes.configuration.properties;

  it('parity.bootstrap has the maximum --bootstrap has, and a larger value in settings.json is taken at it', () => {
    assert.equal(properties['parity.bootstrap']?.maximum, MAX_BOOTSTRAP);
    assert.equal(describeParameters(AUDIT_OPTIONS).properties.bootstrap?.maximum, MAX_BOOTSTRAP);
    assert.equal(readSettings({ bootstrap: 100_000_000 }).bootstrap, MAX_BOOTSTRAP);
  });

  it('parity.maxGroups, --max-groups and the leakage samples have the same maxima as their settings, and larger values in settings.json are taken at them', () => {
    assert.equal(properties['parity.maxGroups']?.maximum, MAX_GROUPS);
    assert.equal(describeParameters(AUDIT_OPTIONS).properties.maxGroups?.maximum, MAX_GROUPS);
    assert.equal(readSettings({ maxGroups: 100_000_000 }).maxGroups, MAX_GROUPS);
    assert.equal(properties['parity.leakage.sampleSize']?.maximum, MAX_LEAKAGE_SAMPLE);
    assert.equal(properties['parity.leakage.jointSampleSize']?.maximum, MAX_LEAKAGE_SAMPLE);
    const huge = readSettings({ leakage: { sampleSize: 100_000_000, jointSampleSize: 100_000_000 } }).leakage;
    assert.deepEqual([huge.sampleSize, huge.jointSampleSize], [MAX_LEAKAGE_SAMPLE, MAX_LEAKAGE_SAMPLE]);
  });

  it('parity.safeCsv is a setting', () => {
    assert.equal(properties['parity.safeCsv']?.type, 'boolean');
    assert.equal(readSettings({ safeCsv: true }).safeCsv, true);
    assert.equal(readSettings({}).safeCsv, false);
  });

  it('declares how it behaves in untrusted workspaces, and the README says it', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    for (const setting of untrusted?.restrictedConfigurations ?? []) assert.ok(setting in properties, setting);
    assert.ok(untrusted?.restrictedConfigurations?.includes('parity.safeCsv'));
    assert.ok(untrusted?.restrictedConfigurations?.includes('parity.maxGroups'));
    assert.match(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /## Restricted Mode/);
  });
});
