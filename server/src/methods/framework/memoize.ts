/**
 * Wraps a fit-and-evaluate step so each strength is computed once: a command's `before` (strength
 * 0) and `after` runs are usually also points of its --sweep, and each is a full model fit.
 */
export function memoizeByStrength<R>(compute: (strength: number) => R): (strength: number) => R {
  const done = new Map<number, R>();
  return (strength) => {
    const known = done.get(strength);
    if (known !== undefined) return known;
    const result = compute(strength);
    done.set(strength, result);
    return result;
  };
}
