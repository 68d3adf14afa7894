// An open audit panel is reworded when what a positive outcome means changes (Change… in the panel,
// or Configure Columns' save), and only then. Expected contents written out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditContent } from '../../common/protocol';
import type { AuditReport } from '../../common/reports/audit';
import { rewordedAudit, withPositiveMeans } from '../../client/src/audit-wording';

// Only the parts these functions read: the report's columns and the request.
const columns = { label: 'two_year_recid', positive: '1', score: 'decile_score', sensitive: ['race', 'sex'], positiveMeans: 'harm' as const };
const report = { file: '/data/compas.csv', columns } as unknown as AuditReport;
const request = { uri: 'file:///data/compas.csv', options: { label: 'two_year_recid', positive: '1', threshold: 5, positiveMeans: 'harm' as const } };
const harmful: AuditContent = { kind: 'audit', report, request };

describe('an audit worded by what a positive outcome means', () => {
  it('changes the report and its request, leaving the rest and the input as they were', () => {
    const favourable = withPositiveMeans(harmful, 'benefit');
    assert.equal(favourable.report.columns.positiveMeans, 'benefit');
    assert.deepEqual(favourable.request, {
      uri: 'file:///data/compas.csv',
      options: { label: 'two_year_recid', positive: '1', threshold: 5, positiveMeans: 'benefit' },
    });
    assert.equal(favourable.report.file, '/data/compas.csv');
    assert.deepEqual(favourable.report.columns.sensitive, ['race', 'sex']);
    assert.equal(harmful.report.columns.positiveMeans, 'harm');
    assert.equal(harmful.request!.options!.positiveMeans, 'harm');
  });

  it('"Not stated" takes the meaning out of the request', () => {
    const unstated = withPositiveMeans(harmful, null);
    assert.equal(unstated.report.columns.positiveMeans, null);
    assert.deepEqual(unstated.request, { uri: 'file:///data/compas.csv', options: { label: 'two_year_recid', positive: '1', threshold: 5 } });
  });

  it('a panel restored from an older version (no request) is reworded without one', () => {
    const restored = withPositiveMeans({ kind: 'audit', report }, 'benefit');
    assert.equal(restored.request, undefined);
    assert.equal(restored.report.columns.positiveMeans, 'benefit');
  });
});

describe('the open audit after Configure Columns saves', () => {
  it('is reworded when the same label and positive value now mean something else', () => {
    const reworded = rewordedAudit(harmful, { label: 'two_year_recid', positive: '1', positiveMeans: 'benefit' });
    assert.equal(reworded?.report.columns.positiveMeans, 'benefit');
    assert.equal(rewordedAudit(harmful, { label: 'two_year_recid', positive: '1' })?.report.columns.positiveMeans, null);
  });

  it('is left as it is when the meaning is the same', () => {
    assert.equal(rewordedAudit(harmful, { label: 'two_year_recid', positive: '1', positiveMeans: 'harm', sensitive: ['race'] }), undefined);
  });

  it('is left as it is when the label or its positive value changed (its figures would change: Audit Now runs it again)', () => {
    assert.equal(rewordedAudit(harmful, { label: 'is_recid', positive: '1', positiveMeans: 'benefit' }), undefined);
    assert.equal(rewordedAudit(harmful, { label: 'two_year_recid', positive: '0', positiveMeans: 'benefit' }), undefined);
  });
});
