// The layer rules of .dependency-cruiser.cjs (run by `npm run lint` on the real tree), checked on
// small trees of their own: a clean one passes, and each wrong import fails with its rule's name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-layers-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      'common',
      'server',
      'client',
      'webview',
      '--config',
      path.join(root, '.dependency-cruiser.cjs'),
      '--output-type',
      'err',
    ],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

const CLEAN = {
  'common/protocol.ts': 'export const VERSION = 1;\n',
  'server/src/engine/metric.ts': "import { VERSION } from '../../../common/protocol';\nexport const metric = VERSION;\n",
  'server/src/io/reader.ts': "import { metric } from '../engine/metric';\nexport const read = metric;\n",
  'server/src/services/audit.ts': "import { read } from '../io/reader';\nexport const audit = read;\n",
  'server/src/adapters/cli/main.ts': "import { audit } from '../../services/audit';\nexport const main = audit;\n",
  'client/src/extension.ts': "import { VERSION } from '../../common/protocol';\nexport const client = VERSION;\n",
  'webview/src/main.ts': "import { VERSION } from '../../common/protocol';\nexport const page = VERSION;\n",
};

describe('layer rules', () => {
  it('accept imports that point down the layers', () => {
    const { status, output } = cruise(CLEAN);
    assert.equal(status, 0, output);
  });

  const wrong: [string, Record<string, string>, string][] = [
    [
      'the engine importing io',
      { 'server/src/engine/metric.ts': "import { read } from '../io/reader';\nexport const metric = 1;\nexport const r = read;\n" },
      'engine-is-pure',
    ],
    [
      'the engine reading files',
      { 'server/src/engine/metric.ts': "import { readFileSync } from 'node:fs';\nexport const metric = readFileSync;\n" },
      'engine-does-no-io',
    ],
    [
      'a service importing the CLI',
      { 'server/src/services/audit.ts': "import { main } from '../adapters/cli/main';\nexport const audit = main;\n" },
      'services-below-adapters',
    ],
    [
      'the client importing the server',
      { 'client/src/extension.ts': "import { audit } from '../../server/src/services/audit';\nexport const client = audit;\n" },
      'client-talks-protocol',
    ],
    [
      'common importing the server',
      { 'common/protocol.ts': "import { metric } from '../server/src/engine/metric';\nexport const VERSION = metric;\n" },
      'common-is-neutral',
    ],
    [
      'an import circle',
      {
        'server/src/io/reader.ts': "import { other } from './other';\nexport const read = 1;\nexport const o = other;\n",
        'server/src/io/other.ts': "import { read } from './reader';\nexport const other = read;\n",
      },
      'no-circular',
    ],
  ];
  for (const [what, change, rule] of wrong) {
    it(`reject ${what} (${rule})`, () => {
      const { status, output } = cruise({ ...CLEAN, ...change });
      assert.notEqual(status, 0, `expected a violation:\n${output}`);
      assert.match(output, new RegExp(rule));
    });
  }
});
