// The bundled COMPAS example as the user-interface suites use it: the figures a user would check,
// recounted from its CSV text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../workspace';

export const EXAMPLE = path.join(root, 'examples/compas/compas-two-years.csv');

/** Rows and selected rows (decile_score >= 5) per race, recounted from the example's CSV text. */
export function expectedByRace(): Map<string, { n: number; rate: number }> {
  const [header, ...lines] = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
  const [race, score] = ['race', 'decile_score'].map((name) => header!.split(',').indexOf(name));
  const counts = new Map<string, { n: number; selected: number }>();
  for (const cells of lines.map((line) => line.split(','))) {
    const c = counts.get(cells[race!]!) ?? { n: 0, selected: 0 };
    c.n++;
    if (Number(cells[score!]) >= 5) c.selected++;
    counts.set(cells[race!]!, c);
  }
  return new Map([...counts].map(([group, c]) => [group, { n: c.n, rate: c.selected / c.n }]));
}
