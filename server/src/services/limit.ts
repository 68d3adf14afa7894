/**
 * Runs `task` on every item with at most `limit` running at once, and resolves with the results in
 * the items' order. Each finished task starts the next waiting item. After the first rejection no
 * further item starts, and the run rejects with it once the tasks still running have settled: a
 * caller that cleans up on failure (deletes the folder they write into) then runs after the last
 * of them. Tasks that should not stop the others catch their own errors.
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
