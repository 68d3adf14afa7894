/**
 * Wraps a fit-and-evaluate step so each of the `kept` strengths is computed once: a command's
 * `before` (strength 0) and `after` runs are usually also points of its --sweep, and each is a
 * full model fit. Other strengths are computed each time and not held: a sweep keeps one point's
 * rows at a time.
 */
export function memoizeByStrength<R>(compute: (strength: number) => R, kept: readonly number[]): (strength: number) => R {
  const done = new Map<number, R>();
  return (strength) => {
    const known = done.get(strength);
    if (known !== undefined) return known;
    const result = compute(strength);
    if (kept.includes(strength)) done.set(strength, result);
    return result;
  };
}
