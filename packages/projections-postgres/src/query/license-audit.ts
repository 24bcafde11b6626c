import { licenseStreamId } from "@vpp-ledger/core";
import type { SqlExecutor, SqlParam, SqlRow } from "@vpp-ledger/eventstore-postgres";
import type { AuditReport, AuditViolation } from "@vpp-ledger/projections";
import { big, oneOf, text, textOrNull } from "../columns.js";
import { ACTOR_KINDS, HOLDER_KINDS } from "../model/vocabulary.js";
import { tableOf } from "../schema/tables.js";
import { keyset, type Page, type PageRequest } from "./paging.js";

const FINDING_SELECT = `f.position::text AS position, f.rule, f.tenant_id, f.adam_id, f.user_id, f.holder_kind,
  f.stream_version::text AS stream_version, f.event_id, f.actor_kind, f.actor_id, f.message`;

const findingOf = (row: SqlRow): AuditViolation => {
  const tenantId = text(row, "tenant_id");
  const adamId = text(row, "adam_id");
  const actorId = textOrNull(row, "actor_id");
  const kind = oneOf(row, "actor_kind", ACTOR_KINDS);
  return {
    rule: oneOf(row, "rule", ["R13", "R16"] as const),
    tenantId,
    adamId,
    userId: text(row, "user_id"),
    holderKind: oneOf(row, "holder_kind", HOLDER_KINDS),
    place: {
      streamId: licenseStreamId(tenantId, adamId),
      streamVersion: big(row, "stream_version"),
      globalPosition: big(row, "position"),
      eventId: text(row, "event_id"),
      actor: actorId === null ? { kind } : { kind, id: actorId },
    },
    message: text(row, "message"),
  };
};

/** The audit over the whole log so far (R19): events checked, pools, and the first violation. */
export const auditReport = async (db: SqlExecutor, schema: string): Promise<AuditReport> => {
  const serving = `"${schema}".serving_generation()`;
  const rows = await db.query(
    `SELECT a.events_checked::text AS events_checked, a.pools::text AS pools, ${FINDING_SELECT}
       FROM ${tableOf(schema, "license_audit")} a
       LEFT JOIN ${tableOf(schema, "license_audit_findings")} f
         ON f.generation = ${serving} AND f.position = a.first_violation
      WHERE a.generation = ${serving}`,
  );
  const row = rows[0];
  if (row === undefined) return { eventsChecked: 0, pools: 0, firstViolation: null };
  return {
    eventsChecked: Number(big(row, "events_checked")),
    pools: Number(big(row, "pools")),
    firstViolation: row.position === null ? null : findingOf(row),
  };
};

/**
 * Every audit finding (the in-memory audit keeps only the first), of all tenants or of one, in log order, a
 * page at a time.
 */
export const auditFindings = async (
  db: SqlExecutor,
  schema: string,
  query: PageRequest & { readonly tenantId?: string } = {},
): Promise<Page<AuditViolation>> => {
  const params: SqlParam[] = [];
  let tenant = "";
  if (query.tenantId !== undefined) {
    params.push(query.tenantId);
    tenant = `AND f.tenant_id = $${params.length}`;
  }
  const page = keyset([{ expr: "f.position", column: "position", type: "bigint" }], "asc", query, params);
  const rows = await db.query(
    `SELECT ${FINDING_SELECT} FROM ${tableOf(schema, "license_audit_findings")} f
      WHERE f.generation = "${schema}".serving_generation() ${tenant} AND ${page.where} ${page.tail}`,
    params,
  );
  return page.page(rows, findingOf);
};
