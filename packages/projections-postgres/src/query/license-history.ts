import type { SqlExecutor, SqlParam } from "@vpp-ledger/eventstore-postgres";
import type { Holding } from "@vpp-ledger/projections";
import { HOLDING_SELECT, holdingOf } from "../apply/holding-columns.js";
import { text } from "../columns.js";
import { tableOf } from "../schema/tables.js";
import { instantMillis } from "./instant.js";
import { keyset, type Page, type PageRequest, type SortKey } from "./paging.js";

/** Which holdings: a tenant's, narrowed to one app and/or one user or one device. */
export interface HistoryQuery extends PageRequest {
  readonly adamId?: string;
  readonly userId?: string;
  /** A device's serial number (R20); with `userId` too, nothing matches. */
  readonly serialNumber?: string;
}

const POSITION: SortKey = { expr: "t.assigned_position", column: "assigned_position", type: "bigint" };

/**
 * A tenant's license history (R18): every holding of an app, of a user, or of both, with the events that opened
 * and closed it, ordered by app then by the assignment's position (the order they began), a page at a time.
 */
export const licenseHistory = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  query: HistoryQuery = {},
): Promise<Page<Holding>> => {
  const params: SqlParam[] = [tenantId];
  const filters: string[] = [];
  for (const [column, value] of [
    ["adam_id", query.adamId],
    ["user_id", query.userId],
    ["user_id", query.serialNumber],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    filters.push(`AND t.${column} = $${params.length}`);
  }
  if (query.userId !== undefined) filters.push(`AND t.holder_kind = 'user'`);
  if (query.serialNumber !== undefined) filters.push(`AND t.holder_kind = 'device'`);
  const page = keyset(
    [{ expr: "t.adam_id", column: "adam_id", type: "text" }, POSITION],
    "asc",
    query,
    params,
  );
  const rows = await db.query(
    `SELECT ${HOLDING_SELECT} FROM ${tableOf(schema, "license_holdings")} t
      WHERE t.generation = "${schema}".serving_generation() AND t.tenant_id = $1 ${filters.join(" ")}
        AND ${page.where} ${page.tail}`,
    params,
  );
  return page.page(rows, holdingOf);
};

const AT_T = (schema: string) =>
  `FROM ${tableOf(schema, "license_holdings")} t
  WHERE t.generation = "${schema}".serving_generation() AND t.tenant_id = $1 AND t.adam_id = $2
    AND t.from_ms <= $3::bigint AND (t.until_ms IS NULL OR $3::bigint < t.until_ms)`;

/**
 * Who held which license of an app at instant `at` (R18), as one query over the holdings' half-open intervals
 * `[from, until)` of domain time: the holdings, ordered by user, a page at a time.
 */
export const holdingsAt = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
  at: string,
  request: PageRequest = {},
): Promise<Page<Holding>> => {
  const params: SqlParam[] = [tenantId, adamId, instantMillis("at", at)];
  const page = keyset(
    [{ expr: "t.user_id", column: "user_id", type: "text" }, POSITION],
    "asc",
    request,
    params,
  );
  const rows = await db.query(
    `SELECT ${HOLDING_SELECT} ${AT_T(schema)} AND ${page.where} ${page.tail}`,
    params,
  );
  return page.page(rows, holdingOf);
};

/** The users holding a license of the app at instant `at`, sorted: `LicenseHistory.holdersAt` as a query. */
export const holdersAt = (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
  at: string,
): Promise<string[]> => heldAt(db, schema, tenantId, adamId, at, "user");

/** The devices holding a license of the app at `at`, sorted: `LicenseHistory.deviceHoldersAt` as a query (R20). */
export const deviceHoldersAt = (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
  at: string,
): Promise<string[]> => heldAt(db, schema, tenantId, adamId, at, "device");

const heldAt = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
  at: string,
  kind: Holding["holderKind"],
): Promise<string[]> => {
  const rows = await db.query(
    `SELECT t.user_id ${AT_T(schema)} AND t.holder_kind = $4 ORDER BY t.user_id, t.assigned_position`,
    [tenantId, adamId, instantMillis("at", at), kind],
  );
  return rows.map((row) => text(row, "user_id"));
};
