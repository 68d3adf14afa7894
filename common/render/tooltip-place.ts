/** A width and a height, or an x and a y, in pixels. */
export type Pair = [number, number];

/** Between the pointer and the tooltip: ECharts' own gap, clear of a hovered marker (8.8 px out) and its halo. */
const GAP = 20;
/** A marker's reach from its centre: half a hovered marker (8.8 px) and its halo, rounded up. */
const MARK = 10;

/**
 * Where the plot's tooltip goes (its top left corner, in the chart's pixels): beside the pointer,
 * GAP px off it, so never over the point hovered: right or left of it (below, above, level with it,
 * or against the chart's top or bottom edge), else below or above it; of those that fit inside the
 * chart, the first that covers the fewest other points (`marks`, their centres). ECharts' own place
 * (right and below, flipped at an edge, then moved back inside the chart) is one of these when it
 * keeps off the pointer; cold try 13's covered the points round the one hovered.
 */
export function tooltipPlace(pointer: Pair, [width, height]: Pair, [viewWidth, viewHeight]: Pair, marks: readonly Pair[]): Pair {
  const [x, y] = pointer;
  const clamp = (value: number, size: number, view: number) => Math.max(0, Math.min(value, view - size));
  const tops = [y + GAP, y - GAP - height, clamp(y - height / 2, height, viewHeight), 0, viewHeight - height];
  const beside = [x + GAP, x - GAP - width].flatMap((left) => tops.map((top): Pair => [left, top]));
  const overUnder = [y + GAP, y - GAP - height].map((top): Pair => [clamp(x - width / 2, width, viewWidth), top]);
  const fits = ([left, top]: Pair) => left >= 0 && top >= 0 && left + width <= viewWidth && top + height <= viewHeight;
  const covered = ([left, top]: Pair) =>
    marks.filter(([mx, my]) => mx + MARK > left && mx - MARK < left + width && my + MARK > top && my - MARK < top + height).length;
  const fitting = [...beside, ...overUnder].filter(fits);
  // none fits (a tooltip larger than the chart's half): right of the pointer and below, as ECharts would put it back inside
  if (fitting.length === 0) return [clamp(x + GAP, width, viewWidth), clamp(y + GAP, height, viewHeight)];
  return fitting.reduce((best, place) => (covered(place) < covered(best) ? place : best));
}
