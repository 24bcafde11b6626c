/**
 * The part of PGlite (`@electric-sql/pglite`) this library uses, declared structurally so that its types (and a
 * host's type-check, even with `skipLibCheck: false`) never need PGlite installed: it is an optional peer
 * dependency, loaded only when a PGlite store is opened. A `PGlite` instance satisfies these interfaces.
 */

/** Something that runs a statement: a PGlite instance or one of its transactions. */
export interface PgliteQueryable {
  query<T>(query: string, params?: unknown[]): Promise<{ readonly rows: T[] }>;
}

/** A PGlite instance, as this library uses it. */
export interface PgliteDatabase extends PgliteQueryable {
  transaction<T>(callback: (tx: PgliteQueryable) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/** Where PGlite keeps its files: omitted, in memory. */
export interface PgliteCreateOptions {
  readonly dataDir?: string;
}
