// The audit job's progress, as the editor's notification shows it: the rows read, then what the
// rest of the run does (cold try 13 read a notification left on "150 rows read" as stuck).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { performJob } from '../server/src/adapters/worker/perform';
import type { JobProgress } from '../server/src/adapters/worker/jobs';

const dataset = path.join(__dirname, '..', '..', 'test', 'fixtures', 'audit', 'dataset.csv');

describe("an audit job's progress messages", () => {
  it('count the rows read, then say the intervals are drawn from the resamples asked for', async () => {
    const messages: string[] = [];
    const options = { roles: { label: 'approved', sensitive: ['region'] }, bootstrap: 50 };
    await performJob({ kind: 'audit', file: dataset, options }, new AbortController().signal, (p: JobProgress) => messages.push(p.message));
    assert.match(messages[0]!, /^\d+ rows read$/);
    assert.match(messages.at(-1)!, /^\d+ rows read; intervals from 50 resamples$/);
    // the last count is the file's rows: the intervals follow the whole read
    const rows = Number(messages.at(-1)!.split(' ')[0]);
    assert.equal(rows, Math.max(...messages.map((m) => Number(m.split(' ')[0]))));
  });

  it('say nothing of intervals when none are drawn', async () => {
    const messages: string[] = [];
    const options = { roles: { label: 'approved', sensitive: ['region'] }, bootstrap: 0 };
    await performJob({ kind: 'audit', file: dataset, options }, new AbortController().signal, (p: JobProgress) => messages.push(p.message));
    assert.ok(messages.length > 0 && messages.every((m) => /^\d+ rows read$/.test(m)), messages.join(' | '));
  });
});
