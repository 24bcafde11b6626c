/**
 * `fn` over every item with at most `limit` calls in flight, results in item order. Keeps a large batch's
 * index calls from opening thousands of HTTP/2 streams at once (servers cap concurrent streams).
 */
export const mapLimit = async <T, R>(
  items: ReadonlyArray<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
