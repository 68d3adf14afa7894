// Finding a point of a trade-off plot that a click can hit: the markers are drawn on a canvas,
// so a click lands on whichever marker is on top; a point far enough from the others is unambiguous.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';

/** The id of a visible plot point (of `method`, if given) at least 14 px from every other point. */
export async function isolatedPoint(view: Page | Frame, method?: string): Promise<number> {
  const centres = await view.locator('.point-target:not([hidden])').evaluateAll((targets) =>
    targets.map((t) => {
      const box = t.getBoundingClientRect();
      return {
        id: Number(t.getAttribute('data-testid')!.replace('point-', '')),
        method: t.getAttribute('data-method') ?? undefined,
        x: box.x + box.width / 2,
        y: box.y + box.height / 2,
      };
    }),
  );
  const alone = centres.find((c) => (method === undefined || c.method === method) && centres.every((d) => d === c || Math.hypot(c.x - d.x, c.y - d.y) >= 14));
  assert.ok(alone, `a ${method ?? ''} point away from the others`);
  return alone.id;
}
