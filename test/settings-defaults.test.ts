// The settings' defaults are written twice by necessity: in package.json (VS Code shows them in the
// Settings editor) and in common/settings.ts (the server and the CLI use them). This test keeps the
// two equal, so package.json is only a declaration of common/settings.ts's values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, readSettings } from '../common/settings';

interface Property {
  default?: unknown;
  maximum?: number;
}

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } | { properties: Record<string, Property> }[] };
};
const sections = [manifest.contributes.configuration].flat();
const declared = new Map(sections.flatMap((section) => Object.entries(section.properties)));

/** The settings' leaves as VS Code names them: `parity.leakage.sampleSize`; threshold objects are one setting. */
function leaves(value: unknown, prefix: string): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || declared.has(prefix)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, `${prefix}.${key}`));
}

test("every server setting is declared in package.json with common/settings.ts's default", () => {
  const defaults = leaves(DEFAULT_SETTINGS, 'parity');
  assert.ok(defaults.length >= 9, `only ${defaults.length} settings found`);
  for (const [name, value] of defaults) {
    assert.ok(declared.has(name), `${name} is not declared in package.json`);
    assert.deepEqual(declared.get(name)!.default, value, name);
  }
});

test('a declared maximum is the one the server enforces', () => {
  for (const [name, property] of declared) {
    if (property.maximum === undefined || !name.startsWith('parity.')) continue;
    const keys = name.split('.').slice(1);
    const raw = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), property.maximum + 1);
    const read = keys.reduce<unknown>((object, key) => (object as Record<string, unknown>)[key], readSettings(raw));
    assert.equal(read, property.maximum, `${name} above its maximum is read as the maximum`);
  }
});

test('the Settings editor speaks editor words: no command-line flag in a setting, command or walkthrough text', () => {
  const texts = JSON.stringify({
    configuration: manifest.contributes.configuration,
    contributes: (manifest.contributes as Record<string, unknown>)['commands'],
    walkthroughs: (manifest.contributes as Record<string, unknown>)['walkthroughs'],
  });
  assert.doesNotMatch(texts, /`?--[a-z][a-z-]+/, texts.match(/.{60}--[a-z][a-z-]+.{20}/)?.[0]);
});
