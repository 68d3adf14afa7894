// Compares two reports (audit, leakage) figure by figure: every number within 1e-9 (relative to its size,
// absolute below 1), every string, boolean and null equal, the same keys and array lengths
// everywhere. Only `file` and `query` (where the rows came from), `counting` (who counted them) and
// `ranAt` (when) may differ.
import assert from 'node:assert/strict';

export const FIGURE_TOLERANCE = 1e-9;

/** Asserts the two reports agree and returns how many numbers were compared (so a test can check it compared something). */
export function assertSameReport(actual: unknown, expected: unknown): number {
  const unread = { file: undefined, query: undefined, counting: undefined, ranAt: undefined };
  const left = { ...(actual as Record<string, unknown>), ...unread };
  const right = { ...(expected as Record<string, unknown>), ...unread };
  let figures = 0;
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      figures++;
      const scale = Math.max(1, Math.abs(a), Math.abs(b));
      assert.ok(Math.abs(a - b) <= FIGURE_TOLERANCE * scale || (Number.isNaN(a) && Number.isNaN(b)), `${at}: ${a} vs ${b}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      assert.equal(a.length, b.length, `${at}: length`);
      a.forEach((item, i) => walk(item, b[i], `${at}[${i}]`));
      return;
    }
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${at}: keys`);
      for (const key of Object.keys(a)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      return;
    }
    assert.equal(a, b, at);
  };
  walk(left, right, 'report');
  return figures;
}
