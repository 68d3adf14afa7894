import { metricName } from './metric-names';
import type { TableModel } from './table';

/** The verdicts that point a way; "no clear change", "unchanged" and "equally fair" do not. */
const DIRECTIONS = new Set(['fairer', 'less fair']);

/**
 * One sentence when a measure's difference and ratio rows of a before/after table (rows keyed by
 * the aggregate's JSON name, as beforeAfterTable keys them) read opposite ways ("less fair" and
 * "fairer"): why both can be right. Undefined when none do. Shared by the panel, the HTML and the
 * Markdown, which show the same table.
 */
export function differenceRatioNote(table: TableModel): string | undefined {
  const at = table.columns.findIndex((column) => column.key === 'verdict');
  if (at < 0) return undefined;
  // "fairer (no interval)" still points a way
  const verdicts = new Map(table.rows.flatMap((row) => (row.key ? [[row.key, row.cells[at]?.text.replace(/ \(no interval\)$/, '')]] : [])));
  const measures = new Set<string>();
  for (const [key, verdict] of verdicts) {
    const match = /^(.+)_difference((?: .+)?)$/.exec(key);
    if (!match) continue;
    const ratio = verdicts.get(`${match[1]}_ratio${match[2]}`);
    if (verdict !== ratio && DIRECTIONS.has(verdict ?? '') && DIRECTIONS.has(ratio ?? '')) measures.add(match[1]!);
  }
  if (measures.size === 0) return undefined;
  const names = [...measures].map((measure) =>
    metricName(`${measure}_difference`)
      .label.replace(/ difference$/, '')
      .toLowerCase(),
  );
  return (
    `The difference and the ratio of ${names.join(' and of ')} move opposite ways: the difference compares the largest gap between the groups’ rates, ` +
    'the ratio the smallest rate with the largest, so one can narrow while the other widens.'
  );
}
