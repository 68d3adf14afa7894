// Which groups a distribution chart draws (the full-size screenshot look: race × sex's twelve groups
// drew the twelfth in the second's orange dash, and a group of 2 rows as a step along the top).
// The groups and their sizes are made up; what is kept is read off them by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdfChart, distributionSeries } from '../common/render/charts';
import { SERIES_DASHES } from '../common/render/styles';
import { DARK_SERIES, HIGH_CONTRAST_SERIES, LIGHT_SERIES } from '../common/render/tradeoff';
import { oklch } from './support/contrast';

const group = (label: string, rows: number, reference = false) => ({ label, rows, quantiles: [0, 0.5, 1], ...(reference ? { reference } : {}) });

describe('the groups a distribution chart draws', () => {
  it('draws every group when all have the minimum size and there are no more than ten, with the title unchanged', () => {
    const drawn = distributionSeries('Distribution of the score by group', [group('a', 400, true), group('b', 30)], 30);
    assert.equal(drawn.title, 'Distribution of the score by group');
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['a', 'b'],
    );
  });

  it('leaves out the groups under the minimum size, the reference kept whatever its size, and says how many are drawn', () => {
    const drawn = distributionSeries('D', [group('a', 400), group('tiny', 2), group('ref', 12, true), group('b', 29), group('c', 31)], 30);
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['a', 'ref', 'c'],
    );
    assert.equal(drawn.title, 'D (3 of 5 groups: those with ≥ 30 rows)');
  });

  it('keeps the ten largest of twelve adequate groups, in their order, so no two lines share a colour and a dash', () => {
    // sizes 100, 110, …, 210: the two smallest (100 and 110, groups g0 and g1) go; g5 is the reference
    const groups = Array.from({ length: 12 }, (_, i) => group(`g${i}`, 100 + 10 * i, i === 5));
    const drawn = distributionSeries('D', groups, 30);
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10', 'g11'],
    );
    assert.equal(drawn.title, 'D (10 of 12 groups: the 10 largest, all with ≥ 30 rows)');
    const classes = [...cdfChart(drawn.title, 'score', drawn.series).matchAll(/class="series (s\d+)/g)].map((m) => m[1]);
    assert.equal(new Set(classes).size, classes.length / 2, `each style once in the lines and once in the legend: ${classes.join(' ')}`);
  });
});

describe('the lines of a distribution chart', () => {
  it('differ in colour wherever they share a dash pattern, in the light, dark and high-contrast palettes', () => {
    // OKLab distance, from each colour's lightness, chroma and hue; 0.1 apart reads as two colours
    // (the dark palette's pink and wine, both solid before, were 0.051 apart, high contrast's 0.033)
    const lab = (colour: string) => {
      const { lightness, chroma, hue } = oklch(colour);
      return [lightness, chroma * Math.cos((hue * Math.PI) / 180), chroma * Math.sin((hue * Math.PI) / 180)] as const;
    };
    for (const [theme, palette] of Object.entries({ light: LIGHT_SERIES, dark: DARK_SERIES, 'high-contrast': HIGH_CONTRAST_SERIES })) {
      for (let i = 0; i < palette.length; i++)
        for (let j = i + 1; j < palette.length; j++) {
          if (SERIES_DASHES[i] !== SERIES_DASHES[j]) continue;
          const [a, b] = [lab(palette[i]!), lab(palette[j]!)];
          const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
          assert.ok(
            distance >= 0.1,
            `${theme}: lines ${i} and ${j} (${palette[i]}, ${palette[j]}), both ${SERIES_DASHES[i] ?? 'solid'}, ${distance.toFixed(3)} apart`,
          );
        }
    }
  });
});
