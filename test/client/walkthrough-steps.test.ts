import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLE_COMMANDS, stepsByCommand, stepsCompleted, type WalkthroughContribution } from '../../client/src/walkthrough-steps';

// the walkthrough as shipped: package.json's own contribution
const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  contributes: { walkthroughs: WalkthroughContribution[] };
};
const id = `${manifest.publisher}.${manifest.name}`;
const steps = stepsByCommand(id, manifest.contributes.walkthroughs);
const step = (name: string) => `${id}#parity.start#${name}`;

describe('the walkthrough ticks the steps of the example, not of other files', () => {
  it('ticks a step from its example button, and from the file command run on the example', () => {
    assert.deepEqual(stepsCompleted(steps, 'parity.openExample', false), [step('open')]);
    assert.deepEqual(stepsCompleted(steps, 'parity.auditExample', true), [step('audit')]);
    assert.deepEqual(stepsCompleted(steps, 'parity.auditFile', true), [step('audit')]);
    assert.deepEqual(stepsCompleted(steps, 'parity.runMitigation', true), [step('mitigate')]);
    assert.deepEqual(stepsCompleted(steps, 'parity.compareMethods', true), [step('compare')]);
  });

  it('ticks nothing for an audit, a mitigation or a comparison of another file', () => {
    for (const command of Object.keys(EXAMPLE_COMMANDS)) assert.deepEqual(stepsCompleted(steps, command, false), [], command);
  });

  it('names no file command among the completion events, where VS Code would tick it for any file', () => {
    const events = manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => s.completionEvents ?? []));
    for (const command of Object.keys(EXAMPLE_COMMANDS)) assert.ok(!events.includes(`onCommand:${command}`), command);
  });
});
