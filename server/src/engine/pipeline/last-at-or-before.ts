/**
 * The index of the last of `count` ascending keys that is at most `value` (binary search), or -1
 * when the first is already above it.
 */
export function lastAtOrBefore(count: number, keyAt: (index: number) => number, value: number): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (keyAt(mid) <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
