import type { SqlExecutor, SqlParam, SqlRow } from "@vpp-ledger/eventstore-postgres";
import type { InstallFilter, InstallRow, InstallState, UserTermsStatus } from "@vpp-ledger/projections";
import { bool, oneOf, text, textOrNull } from "../columns.js";
import { INSTALL_STATES } from "../model/vocabulary.js";
import { tableOf } from "../schema/tables.js";
import {
  direction,
  keyset,
  type Page,
  type PageRequest,
  type SortDirection,
  type SortKey,
} from "./paging.js";

/** Filters, order and page of the install monitor: by app then user (the default), or by user then app. */
export interface InstallQuery extends InstallFilter, PageRequest {
  readonly sort?: "app" | "user";
  readonly direction?: SortDirection;
}

const ADAM: SortKey = { expr: "i.adam_id", column: "adam_id", type: "text" };
const USER: SortKey = { expr: "i.user_id", column: "user_id", type: "text" };
const TERMS: ReadonlyArray<UserTermsStatus> = ["not-invited", "invited", "accepted", "retired"];

const installOf = (row: SqlRow): InstallRow => {
  const code = textOrNull(row, "failure_code");
  return {
    tenantId: text(row, "tenant_id"),
    adamId: text(row, "adam_id"),
    userId: text(row, "user_id"),
    state: oneOf(row, "state", INSTALL_STATES),
    terms: oneOf(row, "terms", TERMS),
    holdsLicense: bool(row, "holds_license"),
    failure: code === null ? null : { code, message: text(row, "failure_message") },
    updatedAt: text(row, "updated_at"),
  };
};

/**
 * A tenant's installs (R17), filtered by app, state or user, with each user's terms status (R15), a page at a
 * time. Each filter combination has an index whose order is the list's: (tenant, app, user) for the tenant or an
 * app, (tenant, state, app, user) for a state, (tenant, user, app) for a user.
 */
export const installs = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  query: InstallQuery = {},
): Promise<Page<InstallRow>> => {
  const params: SqlParam[] = [tenantId];
  const filters: string[] = [];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    filters.push(`i.${column} = $${params.length}`);
  };
  if (query.state !== undefined && !INSTALL_STATES.includes(query.state)) {
    throw new TypeError(`state must be one of ${INSTALL_STATES.join(", ")}`);
  }
  filter("adam_id", query.adamId);
  filter("state", query.state);
  filter("user_id", query.userId);
  const sort = query.sort ?? "app";
  if (sort !== "app" && sort !== "user") throw new TypeError('sort must be "app" or "user"');
  const page = keyset(
    sort === "app" ? [ADAM, USER] : [USER, ADAM],
    direction(query.direction),
    query,
    params,
  );
  const serving = `"${schema}".serving_generation()`;
  const rows = await db.query(
    `SELECT i.tenant_id, i.adam_id, i.user_id, i.state, i.holds_license, i.failure_code, i.failure_message,
            i.updated_at, coalesce(t.terms, 'not-invited') AS terms
       FROM ${tableOf(schema, "install_monitor")} i
       LEFT JOIN ${tableOf(schema, "user_terms")} t
         ON t.generation = ${serving} AND t.tenant_id = i.tenant_id AND t.user_id = i.user_id
      WHERE i.generation = ${serving} AND i.tenant_id = $1 ${filters.map((f) => `AND ${f}`).join(" ")}
        AND ${page.where} ${page.tail}`,
    params,
  );
  return page.page(rows, installOf);
};

/** Counts of installs per state for one app (the monitoring summary). */
export const installSummary = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
): Promise<Record<InstallState, number>> => {
  const rows = await db.query(
    `SELECT state, count(*)::integer AS count FROM ${tableOf(schema, "install_monitor")}
      WHERE generation = "${schema}".serving_generation() AND tenant_id = $1 AND adam_id = $2 GROUP BY state`,
    [tenantId, adamId],
  );
  const counts: Record<InstallState, number> = {
    "awaiting-terms": 0,
    pending: 0,
    installed: 0,
    failed: 0,
    "uninstall-pending": 0,
    reclaimed: 0,
  };
  for (const row of rows) counts[oneOf(row, "state", INSTALL_STATES)] = Number(row.count);
  return counts;
};

/** A user's terms status (R15). */
export const termsOf = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  userId: string,
): Promise<UserTermsStatus> => {
  const rows = await db.query(
    `SELECT terms FROM ${tableOf(schema, "user_terms")}
      WHERE generation = "${schema}".serving_generation() AND tenant_id = $1 AND user_id = $2`,
    [tenantId, userId],
  );
  return rows[0] === undefined ? "not-invited" : oneOf(rows[0], "terms", TERMS);
};
