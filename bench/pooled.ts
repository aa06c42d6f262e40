/** Runs `work` over every item, `concurrency` at a time; returns items per second. */
export async function pooled<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
  return (items.length * 1000) / (performance.now() - started);
}
