// The Settings line and table of a mitigation report with a list of names (reject option's privileged groups).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsMarkup, settingsSummary } from '../common/render/settings';

describe('settings of a mitigation report', () => {
  it('shows a short list of names on the Settings line, not a long list nor records', () => {
    const parameters = {
      threshold: 0.5,
      privilegedGroups: ['Asian-Pac-Islander & Male', 'White & Male'],
      // 9 names of 9 characters with their separators: 97 characters, over the line's 80
      many: Array.from({ length: 9 }, (_, i) => `group ${i + 1}..`),
      rules: [{ group: 'a', threshold: 0.4 }],
      none: [],
    };
    assert.equal(settingsSummary(parameters), 'Threshold 0.5 · Privileged groups Asian-Pac-Islander & Male, White & Male');
  });

  it('writes abbreviations as they are read: bounded group loss’s "Allowed group MSE" (cold try 17 read "Allowed group mse")', () => {
    assert.equal(
      settingsSummary({ bound: 0.9, allowedGroupMse: 1.03, worstTrainingGroupMse: 1.03 }),
      'Bound 0.9 · Allowed group MSE 1.03 · Worst training group MSE 1.03',
    );
    // a word that only starts like one is left alone
    assert.equal(settingsSummary({ mseWeight: 2, kstest: 1 }), 'MSE weight 2 · Kstest 1');
  });

  it('writes a count of rows with its thousands separated, as the page does elsewhere (the full-size look read "Training rows 15254")', () => {
    assert.equal(settingsSummary({ trainingRows: 15254, seed: 0, folds: 5 }), 'Training rows 15,254 · Seed 0 · Folds 5');
  });

  it('lists the groups in the Settings table under a readable name', () => {
    const markup = settingsMarkup({ privilegedGroups: ['Asian-Pac-Islander & Male', 'White & Male'] });
    assert.ok(markup.includes('Privileged groups</th>'), markup);
    assert.ok(markup.includes('Asian-Pac-Islander &amp; Male, White &amp; Male'), markup);
  });
});
