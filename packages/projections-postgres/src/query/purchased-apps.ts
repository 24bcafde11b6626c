import type { SqlExecutor, SqlParam, SqlRow } from "@vpp-ledger/eventstore-postgres";
import type { PurchasedApp } from "@vpp-ledger/projections";
import { int, oneOf, text } from "../columns.js";
import { toPurchasedApp } from "../model/purchased-apps.js";
import { DEPLOYMENTS, LICENSINGS, USAGE_LEVELS } from "../model/vocabulary.js";
import { tableOf } from "../schema/tables.js";
import {
  direction,
  keyset,
  type Page,
  type PageRequest,
  type SortDirection,
  type SortKey,
} from "./paging.js";

/** How the purchased-apps list is ordered: by app id (the default), or by licenses assigned or available. */
export interface PurchasedAppsQuery extends PageRequest {
  readonly sort?: "adamId" | "assigned" | "available";
  readonly direction?: SortDirection;
}

const ADAM: SortKey = { expr: "p.adam_id", column: "adam_id", type: "text" };
const SORTS: Readonly<Record<NonNullable<PurchasedAppsQuery["sort"]>, ReadonlyArray<SortKey>>> = {
  adamId: [ADAM],
  assigned: [{ expr: "p.assigned", column: "assigned", type: "bigint" }, ADAM],
  available: [{ expr: "greatest(p.purchased - p.assigned, 0)", column: "available", type: "bigint" }, ADAM],
};

const appOf = (row: SqlRow): PurchasedApp =>
  toPurchasedApp({
    tenantId: text(row, "tenant_id"),
    adamId: text(row, "adam_id"),
    purchased: int(row, "purchased"),
    assigned: int(row, "assigned"),
    deployment: row.deployment === null ? null : oneOf(row, "deployment", DEPLOYMENTS),
    updatedAt: text(row, "updated_at"),
    assignedToDevices: int(row, "assigned_to_devices"),
    licensing: oneOf(row, "licensing", LICENSINGS),
    usageLevel: oneOf(row, "usage_level", USAGE_LEVELS),
  });

const SELECT = (schema: string) =>
  `SELECT p.tenant_id, p.adam_id, p.purchased, p.assigned, p.deployment, p.updated_at,
          p.assigned_to_devices, p.licensing, p.usage_level,
          greatest(p.purchased - p.assigned, 0) AS available
     FROM ${tableOf(schema, "purchased_apps")} p
    WHERE p.generation = "${schema}".serving_generation() AND p.tenant_id = $1`;

/** A tenant's purchased apps (R11), a page at a time; by app id through the primary key. */
export const purchasedApps = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  query: PurchasedAppsQuery = {},
): Promise<Page<PurchasedApp>> => {
  const keys = SORTS[query.sort ?? "adamId"];
  if (keys === undefined) throw new TypeError('sort must be "adamId", "assigned" or "available"');
  const params: SqlParam[] = [tenantId];
  const page = keyset(keys, direction(query.direction), query, params);
  const rows = await db.query(`${SELECT(schema)} AND ${page.where} ${page.tail}`, params);
  return page.page(rows, appOf);
};

/** One app of a tenant, if the ledger knows it. */
export const purchasedApp = async (
  db: SqlExecutor,
  schema: string,
  tenantId: string,
  adamId: string,
): Promise<PurchasedApp | undefined> => {
  const rows = await db.query(`${SELECT(schema)} AND p.adam_id = $2`, [tenantId, adamId]);
  return rows[0] && appOf(rows[0]);
};
