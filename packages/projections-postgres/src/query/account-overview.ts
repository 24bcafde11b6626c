import type { VppAccountPolicy } from "@vpp-ledger/core";
import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";
import type { AccountOverviewRow } from "@vpp-ledger/projections";
import { decodeAccountDocument } from "../model/account-document.js";
import { toAccountOverviewRow } from "../model/account-overview.js";
import { tableOf } from "../schema/tables.js";
import { instantMillis } from "./instant.js";

/** The account page of a tenant (R4) with its status at instant `at`, or undefined before any token upload. */
export const accountOverview = async (
  db: SqlExecutor,
  schema: string,
  policy: VppAccountPolicy,
  tenantId: string,
  at: string,
): Promise<AccountOverviewRow | undefined> => {
  instantMillis("at", at);
  const rows = await db.query(
    `SELECT account FROM ${tableOf(schema, "account_overview")}
      WHERE generation = "${schema}".serving_generation() AND tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : toAccountOverviewRow(tenantId, decodeAccountDocument(row.account), at, policy);
};
