/**
 * The smallest and largest of any number of values. Spreading an array into Math.min / Math.max
 * puts every element on the call stack, which overflows past roughly 100,000 of them; this loops.
 * Like those calls, no values give [Infinity, -Infinity] and a NaN gives NaN.
 */
export function extentOf(values: Iterable<number>): [min: number, max: number] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return [min, max];
}
