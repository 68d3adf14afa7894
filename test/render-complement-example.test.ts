// The groups note's example of a flag cited by its complement comes from the grouping's own flags
// (cold try 15: COMPAS race's "TPR 0.523 (FNR ×1.71)" was quoted under every grouping). On the
// bundled COMPAS example audited by race and sex: each grouping's quoted figures are a flag of its
// own table, and differ between groupings.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AuditReport } from '../common/reports/audit';
import { groupsNote } from '../common/render/audit-tables';
import { formatMarkdown } from '../common/render/markdown';
import { compasAuditContent } from './support/compas-panel';

describe("the groups note's complement example", () => {
  let report: AuditReport;
  before(async () => {
    ({ report } = await compasAuditContent());
  });

  it("quotes a flag of the grouping's own table, in each grouping that has one", () => {
    const markdown = formatMarkdown(report);
    const sections = markdown.split('\n## By ').slice(1);
    const quoted: string[] = [];
    report.groupings.forEach((grouping, i) => {
      const note = groupsNote(report, grouping, undefined, 'static');
      const example = /which has one: "([^"]+)" is the group's (\w+) and the ratio of its (\w+) \(1 − (\w+)\) to the reference's\./.exec(note);
      if (!example) return;
      const [, figures, lead, flagged, again] = example;
      assert.equal(lead, again);
      assert.notEqual(lead, flagged);
      // the figures, a star aside, are in this grouping's table
      assert.ok(sections[i]!.split('\n\n')[2]!.includes(figures!.replace(/\*$/, '')), `${grouping.by.join(' × ')}: ${figures}`);
      quoted.push(figures!);
    });
    assert.ok(quoted.length >= 2, `groupings with a complement cited: ${quoted.join(' | ')}`);
    assert.equal(new Set(quoted).size, quoted.length, 'each grouping quotes its own figures');
  });
});
