import { PARTITION_STORAGE, partitionOf, READ_MODEL_TABLES, tableOf } from "./tables.js";

// Ids compare and sort byte-wise (C collation), whatever the database's locale: the same order on every server
// and on PGlite, and keyset paging over an index needs exactly the index's order.
const ID = `text COLLATE "C" NOT NULL`;

/**
 * Migration 1, part two: the five read models as tables partitioned by generation, with the indexes the
 * console's queries use (created on the parent, so every generation's partition gets them), and the partitions
 * of generation 1. Every table's key starts with `generation`, as a partitioned table's unique keys must.
 */
export const v1ReadModels = (schema: string): ReadonlyArray<string> => {
  const t = (table: (typeof READ_MODEL_TABLES)[number]) => tableOf(schema, table);
  const partitioned = "PARTITION BY LIST (generation)";
  return [
    // R11: one row per pool; `assigned` counts the app's install rows that hold a license.
    `CREATE TABLE ${t("purchased_apps")} (generation integer NOT NULL, tenant_id ${ID}, adam_id ${ID},
       purchased integer NOT NULL, assigned integer NOT NULL, deployment text, updated_at text NOT NULL,
       PRIMARY KEY (generation, tenant_id, adam_id)) ${partitioned}`,
    // R17 and R15: one row per (pool, user), the deployment per pool, the terms per (tenant, user).
    `CREATE TABLE ${t("install_monitor")} (generation integer NOT NULL, tenant_id ${ID}, adam_id ${ID},
       user_id ${ID}, state text NOT NULL, holds_license boolean NOT NULL, failure_code text,
       failure_message text, updated_at text NOT NULL,
       PRIMARY KEY (generation, tenant_id, adam_id, user_id)) ${partitioned}`,
    `CREATE INDEX install_monitor_by_state ON ${t("install_monitor")} (tenant_id, state, adam_id, user_id)`,
    `CREATE INDEX install_monitor_by_user ON ${t("install_monitor")} (tenant_id, user_id, adam_id)`,
    `CREATE TABLE ${t("install_pools")} (generation integer NOT NULL, tenant_id ${ID}, adam_id ${ID},
       deployment text NOT NULL, PRIMARY KEY (generation, tenant_id, adam_id)) ${partitioned}`,
    `CREATE TABLE ${t("user_terms")} (generation integer NOT NULL, tenant_id ${ID}, user_id ${ID},
       terms text NOT NULL, PRIMARY KEY (generation, tenant_id, user_id)) ${partitioned}`,
    // R18: one row per holding, keyed by the position of the assignment that opened it. `from_ms`/`until_ms`
    // are the events' domain times in epoch milliseconds, what "who held it at T" compares. Every index is on
    // columns a holding never changes, so closing one is an update that leaves the indexes alone.
    `CREATE TABLE ${t("license_holdings")} (generation integer NOT NULL, assigned_position bigint NOT NULL,
       tenant_id ${ID}, adam_id ${ID}, user_id ${ID}, from_at text NOT NULL, from_ms bigint NOT NULL,
       until_at text, until_ms bigint, assigned_version bigint NOT NULL,
       assigned_event_id text NOT NULL, assigned_actor_kind text NOT NULL, assigned_actor_id text,
       reclaimed_position bigint, reclaimed_version bigint, reclaimed_event_id text, reclaimed_actor_kind text,
       reclaimed_actor_id text, reclaim_reason text,
       PRIMARY KEY (generation, assigned_position)) ${partitioned}`,
    `CREATE INDEX license_holdings_by_app ON ${t("license_holdings")} (tenant_id, adam_id, assigned_position)`,
    `CREATE INDEX license_holdings_by_user ON ${t("license_holdings")} (tenant_id, user_id, assigned_position)`,
    // A user's latest holding of an app: the one a reclaim closes.
    `CREATE INDEX license_holdings_by_holder ON ${t("license_holdings")}
       (tenant_id, adam_id, user_id, assigned_position)`,
    // R19: one row per generation, and every finding (the in-memory audit keeps only the first).
    `CREATE TABLE ${t("license_audit")} (generation integer NOT NULL, events_checked bigint NOT NULL,
       pools bigint NOT NULL, first_violation bigint, PRIMARY KEY (generation)) ${partitioned}`,
    `CREATE TABLE ${t("license_audit_findings")} (generation integer NOT NULL, position bigint NOT NULL,
       rule text NOT NULL, tenant_id ${ID}, adam_id ${ID}, user_id ${ID}, stream_version bigint NOT NULL,
       event_id text NOT NULL, actor_kind text NOT NULL, actor_id text, message text NOT NULL,
       PRIMARY KEY (generation, position)) ${partitioned}`,
    `CREATE INDEX license_audit_findings_by_tenant ON ${t("license_audit_findings")} (tenant_id, position)`,
    // R4: one document per tenant: the account's link, claim and sync, as the in-memory model keeps them.
    `CREATE TABLE ${t("account_overview")} (generation integer NOT NULL, tenant_id ${ID}, account jsonb NOT NULL,
       PRIMARY KEY (generation, tenant_id)) ${partitioned}`,
    ...READ_MODEL_TABLES.map(
      (table) =>
        `CREATE TABLE ${partitionOf(schema, table, 1)} PARTITION OF ${t(table)} FOR VALUES IN (1) ${PARTITION_STORAGE}`,
    ),
  ];
};
