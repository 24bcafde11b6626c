/**
 * Migration 5: leases of the log's processors (issue 8, several host processes), one row per lease name.
 * `epoch` is the fencing token: it grows each time the lease is taken afresh and the row is never deleted
 * (a release only expires it), so it never goes back. Times are the database's (`clock_timestamp()`), so the
 * hosts' clocks need not agree.
 */
export const v5Leases = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE "${schema}".leases (
     name text PRIMARY KEY,
     owner text NOT NULL,
     epoch bigint NOT NULL CHECK (epoch > 0),
     expires_at timestamptz NOT NULL,
     acquired_at timestamptz NOT NULL,
     renewed_at timestamptz NOT NULL
   )`,
];
