// The threshold optimizer's report in the mitigation panel (Chromium, dist/webview.js): "before" is
// the audit's decision when the run was given the file's threshold, and a group's rule fitted on
// fewer rows than the minimum group size carries its warning in the Settings tab.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { MitigationReport } from '../../common/reports/mitigation';
import { threshold } from '../../server/src/methods/threshold/command';
import { openPanel, pageErrors, panelBrowser, root } from '../support/panel-page';
import { runWithFlags } from '../support/run-with-flags';
import { rulesReport, SMALL_RULE_LINE } from '../support/swept-report';

/** The rules as the Settings tab lists them, one line each. */
async function shownRules(page: Page): Promise<string[]> {
  await page.locator('vscode-tab-header', { hasText: 'Settings' }).click();
  return (await page.locator('[data-testid="rules"] li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
}

describe("the threshold optimizer's before and rules in the panel", () => {
  let close: (() => Promise<void>) | undefined;
  let origin: string;
  let browser: Browser;

  before(async () => {
    ({ origin, browser, close } = await panelBrowser());
  });

  after(async () => {
    await close?.();
  });

  it('warns beside the small group’s rule only (a hand-made report: a fitted on 18 rows, b on 400)', async () => {
    const page = await openPanel(browser, origin, { kind: 'mitigation', report: rulesReport() });
    assert.deepEqual(await shownRules(page), [SMALL_RULE_LINE, 'b: score > 0.4']);
    assert.equal(await page.locator('[data-testid="rule-warning"]').count(), 1);
    assert.deepEqual(await pageErrors(page), { violations: [], alerts: 0 });
    await page.close();
  });

  it("says before is the audit's cut, and flags Native American's 18 rows, on the COMPAS example run with threshold 5", async () => {
    // the example's races: Native American 18 rows (10 reoffended), Asian 32, the others hundreds or thousands
    const report: MitigationReport = await runWithFlags(threshold, {
      data: path.join(root, 'examples/compas/compas-two-years.csv'),
      score: 'decile_score',
      label: 'two_year_recid',
      sensitive: 'race',
      threshold: '5',
      bootstrap: '0',
      out: mkdtempSync(path.join(tmpdir(), 'parity-threshold-panel-')),
    });
    const page = await openPanel(browser, origin, { kind: 'mitigation', report });
    assert.match(
      await page.locator('[data-testid="before-after-note"]').innerText(),
      /^Before: the score's own cut, decile_score ≥ 5, as the audit applies it, on the same rows as after\. /,
    );
    const flagged = (await shownRules(page)).filter((line) => line.includes('unreliable'));
    assert.equal(flagged.length, 1, flagged.join(' | '));
    assert.match(flagged[0]!, /^Native American: .* — fitted on 18 rows \(10 positive, 8 negative\), fewer than 30: this group's cut is unreliable$/);
    await page.close();
  });
});
