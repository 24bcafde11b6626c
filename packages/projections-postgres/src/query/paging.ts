import type { SqlParam, SqlRow } from "@vpp-ledger/eventstore-postgres";

/** One page of a console list. */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** Which page: at most `limit` rows (1–1,000; 100 unless set) after the cursor a previous page returned. */
export interface PageRequest {
  readonly limit?: number;
  readonly after?: string;
}

/** Sort direction of a list; `asc` unless set. */
export type SortDirection = "asc" | "desc";

/** A sort key: an SQL expression and the type its cursor value is cast back to. */
export interface SortKey {
  readonly expr: string;
  /** The result column holding the key's value as text, for the next cursor. */
  readonly column: string;
  readonly type: "text" | "bigint";
}

const MAX_LIMIT = 1_000;

/** The page size asked for, checked. */
export const pageLimit = (request: PageRequest): number => {
  const limit = request.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
};

// A cursor is the last row's sort key and the names of the key's columns, as JSON in base64url: opaque to the
// console, and checked when it comes back (it is input like any other): a cursor of another list or order is
// refused rather than compared against the wrong columns.
const encodeCursor = (keys: ReadonlyArray<SortKey>, values: ReadonlyArray<string>): string =>
  Buffer.from(JSON.stringify({ k: keys.map((key) => key.column).join(","), v: values }), "utf8").toString(
    "base64url",
  );

const decodeCursor = (cursor: string, keys: ReadonlyArray<SortKey>): ReadonlyArray<string> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const fields =
    typeof parsed === "object" && parsed !== null ? (parsed as { k?: unknown; v?: unknown }) : {};
  const { k, v } = fields;
  const valid =
    k === keys.map((key) => key.column).join(",") &&
    Array.isArray(v) &&
    v.length === keys.length &&
    v.every(
      (value, i) => typeof value === "string" && (keys[i]?.type !== "bigint" || /^-?\d{1,19}$/.test(value)),
    );
  if (!valid) throw new TypeError("after is not a cursor this list returned");
  return v;
};

/**
 * Keyset paging: the ORDER BY over `keys` (the last key unique, so the order is total and stable), the condition
 * that starts after the cursor (a row comparison the index answers), and the next cursor from the rows read. An
 * index whose columns are the keys serves both, so a page costs the same on the first and the thousandth page.
 */
export const keyset = (
  keys: ReadonlyArray<SortKey>,
  direction: SortDirection,
  request: PageRequest,
  params: SqlParam[],
) => {
  const limit = pageLimit(request);
  const order = keys.map((k) => `${k.expr} ${direction === "desc" ? "DESC" : "ASC"}`).join(", ");
  let where = "true";
  if (request.after !== undefined) {
    const values = decodeCursor(request.after, keys);
    const placeholders = values.map((value, i) => {
      params.push(value);
      return `$${params.length}::${keys[i]?.type ?? "text"}`;
    });
    where = `(${keys.map((k) => k.expr).join(", ")}) ${direction === "desc" ? "<" : ">"} (${placeholders.join(", ")})`;
  }
  params.push(limit + 1);
  const tail = `ORDER BY ${order} LIMIT $${params.length}`;
  return {
    where,
    tail,
    /** The page of `rows` (read with `tail`, one more than the limit) mapped by `item`. */
    page: <T>(rows: ReadonlyArray<SqlRow>, item: (row: SqlRow) => T): Page<T> => {
      const more = rows.length > limit;
      const kept = more ? rows.slice(0, limit) : rows;
      const last = kept[kept.length - 1];
      const next =
        more && last !== undefined
          ? encodeCursor(
              keys,
              keys.map((k) => String(last[k.column])),
            )
          : null;
      return { items: kept.map(item), next };
    },
  };
};

/** The sort direction asked for, checked (it reaches SQL text). */
export const direction = (value: SortDirection | undefined): SortDirection => {
  if (value === undefined || value === "asc" || value === "desc") return value ?? "asc";
  throw new TypeError('direction must be "asc" or "desc"');
};
