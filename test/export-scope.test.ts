// An audit's HTML and Markdown exports hold every grouping, or only the one the panel shows
// (auditExport). On the bundled COMPAS example audited by race and sex: the audit's groupings are
// race, sex and race × sex (each attribute and their pair, counted by hand).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AuditReport } from '../common/reports/audit';
import { auditExport } from '../common/render/export-scope';
import { renderAuditHtml } from '../common/render/html';
import { formatMarkdown } from '../common/render/markdown';
import { compasAuditContent } from './support/compas-panel';

describe('exports of the grouping shown', () => {
  let report: AuditReport;
  before(async () => {
    ({ report } = await compasAuditContent());
  });
  const names = (r: AuditReport) => r.groupings.map((g) => g.by.join(' × '));

  it('holds every grouping unless asked, with the chosen reference on the grouping shown', () => {
    assert.deepEqual(names(report), ['race', 'sex', 'race × sex']);
    const all = auditExport(report, { grouping: 1, reference: '["Female"]' });
    assert.equal(all.report, report);
    assert.deepEqual(all.references, { 1: '["Female"]' });
    assert.equal(all.scopeLine, undefined);
  });

  it('holds only the grouping shown, says what was left out, and keeps its chosen reference', () => {
    const only = auditExport(report, { grouping: 2, reference: '["Caucasian","Male"]', exportGroupings: 'shown' });
    assert.deepEqual(names(only.report), ['race × sex']);
    assert.deepEqual(only.references, { 0: '["Caucasian","Male"]' });
    assert.equal(only.scopeLine, 'Only the grouping by race × sex, of the 3 in the audit (its JSON export holds them all)');
    const html = renderAuditHtml(only.report, only.references, undefined, only.scopeLine);
    assert.deepEqual(
      [...html.matchAll(/<h2>By ([^<]*)<\/h2>/g)].map((m) => m[1]),
      ['race × sex'],
    );
    assert.ok(html.includes('<li>Only the grouping by race × sex, of the 3 in the audit (its JSON export holds them all)</li>'));
    const markdown = formatMarkdown(only.report, only.references, undefined, only.scopeLine);
    assert.deepEqual(
      markdown.split('\n').filter((line) => line.startsWith('## By ')),
      ['## By race × sex'],
    );
    assert.ok(markdown.includes('- Only the grouping by race × sex, of the 3 in the audit'));
    // the reference chosen in the panel is the one the section compares against
    assert.ok(markdown.includes('Reference group: Caucasian & Male (chosen in the editor'), markdown.slice(0, 2000));
    // the full export is longer by the two sections left out
    assert.ok(renderAuditHtml(report).length > html.length);
  });

  it('without a grouping chosen, holds the one the panel opens on (race)', () => {
    assert.deepEqual(names(auditExport(report, { exportGroupings: 'shown' }).report), ['race']);
  });

  it("keeps the shown grouping's own warnings and those of the whole audit, not the other groupings' (cold try 16)", () => {
    // the example's groups under 30 rows, counted in the CSV: Native American (18) of race; Asian & Female (2), Native American &
    // Female (4) and Native American & Male (14) of race × sex; none of sex
    const grouped = (r: AuditReport) => r.warnings.filter((w) => w.grouping !== undefined).map((w) => `${w.code} ${w.grouping!.join(' × ')}`);
    assert.deepEqual(grouped(report), ['small-group race', 'small-group race × sex']);
    const only = auditExport(report, { exportGroupings: 'shown' });
    assert.deepEqual(grouped(only.report), ['small-group race']);
    assert.deepEqual(
      only.report.warnings.filter((w) => w.grouping === undefined),
      report.warnings.filter((w) => w.grouping === undefined),
      'the warnings of the whole audit stay',
    );
    const markdown = formatMarkdown(only.report, only.references, undefined, only.scopeLine);
    assert.ok(markdown.includes('- race: 1 group under 30 rows, too small to judge: Native American (18)'), markdown);
    assert.ok(!markdown.includes('race × sex:'), 'no warning of race × sex');
  });

  it('an audit of one grouping is exported whole, with no line about what was left out', () => {
    const single = { ...report, groupings: [report.groupings[0]!] };
    const only = auditExport(single, { exportGroupings: 'shown' });
    assert.equal(only.report, single);
    assert.equal(only.scopeLine, undefined);
  });
});
