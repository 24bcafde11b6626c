/**
 * The rows of one table a batch reads and writes, by key. Rows the batch needs are read once, before the batch
 * is folded; the fold then reads and changes them in memory, and what changed is written once at the end: a
 * handful of statements per table per batch, whatever the batch's size. `undefined` means "known absent".
 */
export class BatchRows<R> {
  readonly #rows = new Map<string, R | undefined>();
  readonly #upserts = new Set<string>();
  readonly #removals = new Map<string, R>();

  /** True when the row for `key` was loaded or written in this batch. */
  has(key: string): boolean {
    return this.#rows.has(key);
  }

  /** The row for `key` as the batch stands; undefined when absent. */
  get(key: string): R | undefined {
    return this.#rows.get(key);
  }

  /** Records what the database holds for `key` (a row, or undefined for none), unless the batch already knows it. */
  loaded(key: string, row: R | undefined): void {
    if (!this.#rows.has(key)) this.#rows.set(key, row);
  }

  /** Sets the row for `key`; it is written at the end of the batch. */
  put(key: string, row: R): void {
    this.#rows.set(key, row);
    this.#upserts.add(key);
    this.#removals.delete(key);
  }

  /** Removes the row for `key`; `row` carries its key columns for the DELETE. */
  remove(key: string, row: R): void {
    this.#rows.set(key, undefined);
    this.#upserts.delete(key);
    this.#removals.set(key, row);
  }

  /** Every row the batch holds, present ones only. */
  *present(): Generator<[string, R]> {
    for (const [key, row] of this.#rows) if (row !== undefined) yield [key, row];
  }

  /** Rows to upsert, in the order they were first written. */
  upserts(): R[] {
    const rows: R[] = [];
    for (const key of this.#upserts) {
      const row = this.#rows.get(key);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  /** Rows to delete (their keys). */
  removals(): R[] {
    return [...this.#removals.values()];
  }
}

/** A map key from id parts. Ids never hold NUL (the identifier grammar, R24), so the join is unambiguous. */
export const keyOf = (...parts: ReadonlyArray<string>): string => parts.join("\u0000");
