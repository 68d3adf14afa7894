/** Type-7 percentile interval of the finite values (as numpy.percentile), written out here rather than taken from the engine. */
export function percentiles(values: number[], level = 0.95): [number, number] {
  const finite = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const at = (q: number) => {
    const position = (finite.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.min(below + 1, finite.length - 1);
    return finite[below]! + (finite[above]! - finite[below]!) * (position - below);
  };
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}
