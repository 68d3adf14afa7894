// docs/parameters.md is written from the parameter schemas; this keeps the file in step with them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parametersMarkdown } from '../server/src/adapters/cli/parameters-doc';

it('docs/parameters.md matches the schemas (regenerate with npm run docs)', () => {
  assert.equal(readFileSync(path.resolve(__dirname, '../../docs/parameters.md'), 'utf8'), parametersMarkdown());
});
