import type { ReadOptions } from "./port.js";

/** {@link ReadOptions} with defaults applied. */
export interface ResolvedReadOptions {
  readonly after: bigint;
  readonly batchSize: number;
}

/**
 * Validates read options and applies the adapter's default batch size. Every adapter rejects the same bad
 * options the same way: a negative `after` or a batch size that is not a positive integer is a RangeError.
 */
export const resolveReadOptions = (
  options: ReadOptions | undefined,
  defaultBatchSize: number,
): ResolvedReadOptions => {
  const after = options?.after ?? 0n;
  const batchSize = options?.batchSize ?? defaultBatchSize;
  if (typeof after !== "bigint" || after < 0n) {
    throw new RangeError(`read option "after" must be a bigint >= 0n (exclusive), got ${String(after)}`);
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`read option "batchSize" must be a positive integer, got ${String(batchSize)}`);
  }
  return { after, batchSize };
};
