// Notifications cut at about 110 characters (a cold try saw "Kept for t…"): the roles first, the
// rest only if it fits. Expected texts and lengths are counted by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnsSummaryParts } from '../../client/src/reference-groups';
import { TOAST_CHARACTERS, toastText } from '../../client/src/toast-text';

describe('toast texts', () => {
  it('keeps the whole summary and the tail when they fit', () => {
    // 17 + 11 + 2 + 13 + 1 = 44 characters, then " Kept in this workspace." (24): 68
    assert.equal(
      toastText('Parity: law.csv: ', ['label first', 'sensitive sex'], 'Kept in this workspace.'),
      'Parity: law.csv: label first; sensitive sex. Kept in this workspace.',
    );
  });

  it('drops the tail, then the last roles, never the first one', () => {
    const head = 'Parity: compas-two-years.csv: ';
    const parts = columnsSummaryParts({
      label: 'two_year_recid',
      positive: '1',
      score: 'decile_score',
      threshold: 5,
      sensitive: ['race', 'sex', 'age_cat'],
      positiveMeans: 'harm',
    });
    // 30 + "label two_year_recid (positive: 1)" (34) = 64; "; score decile_score ≥ 5" (24) = 88;
    // "; sensitive race, sex, age_cat" (30) would make 118 > 110: cut there, "; …" (3) ending at 91
    const text = toastText(head, parts, 'Kept in this workspace.');
    assert.equal(text, 'Parity: compas-two-years.csv: label two_year_recid (positive: 1); score decile_score ≥ 5; …');
    assert.equal(text.length, 91);
    assert.ok(text.length <= TOAST_CHARACTERS);
    // a first role longer than the limit alone is still said
    assert.equal(toastText('Parity: ', ['x'.repeat(120), 'y']), `Parity: ${'x'.repeat(120)}; …`);
  });

  it('keeps the tail out when only the summary fits', () => {
    // 8 + 100 + 1 = 109 characters: " Its open audit runs again." would make 136
    assert.equal(toastText('Parity: ', ['a'.repeat(100)], 'Its open audit runs again.'), `Parity: ${'a'.repeat(100)}.`);
  });
});
