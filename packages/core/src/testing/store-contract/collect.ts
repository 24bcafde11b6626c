/** Drains an async iterable into an array (Node 20 has no `Array.fromAsync`). For tests on small reads only. */
export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};
