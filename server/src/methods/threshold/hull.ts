/** A point of a group's trade-off curve: the cut at rank k, its constrained rate x and its value y. */
export interface CurvePoint {
  k: number;
  x: number;
  y: number;
}

/**
 * The upper concave hull of points given by non-decreasing x: its vertices from the first x to
 * the last, without points on or under it (of equal x, the highest y). Every point under the
 * hull is reached by mixing two vertices, which is why the hull is all an optimizer needs.
 * Points are added one at a time, so only the vertices are held.
 */
export class UpperConcaveHull {
  readonly vertices: CurvePoint[] = [];

  add(p: CurvePoint): void {
    const hull = this.vertices;
    if (hull.length > 0 && hull.at(-1)!.x === p.x) {
      if (hull.at(-1)!.y >= p.y) return;
      hull.pop();
    }
    while (hull.length >= 2) {
      const [a, b] = [hull.at(-2)!, hull.at(-1)!];
      // drop b when it lies on or under the segment a-p
      if ((b.y - a.y) * (p.x - a.x) <= (p.y - a.y) * (b.x - a.x)) hull.pop();
      else break;
    }
    hull.push(p);
  }
}

/** Where x falls on the hull: the vertices around it, the weight of the right one, and the hull's value there. */
export function hullAt(hull: readonly CurvePoint[], x: number): { left: CurvePoint; right: CurvePoint; mix: number; y: number } {
  let i = 0;
  while (i < hull.length - 2 && hull[i + 1]!.x < x) i++;
  const left = hull[i]!;
  const right = hull[Math.min(i + 1, hull.length - 1)]!;
  const mix = right.x > left.x ? Math.min(1, Math.max(0, (x - left.x) / (right.x - left.x))) : 0;
  return { left, right, mix, y: left.y + mix * (right.y - left.y) };
}
