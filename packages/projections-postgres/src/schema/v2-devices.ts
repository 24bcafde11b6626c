import { tableOf } from "./tables.js";

/**
 * Migration 2: device licenses and alerts (R20, R23). Columns added to the partitioned parents reach every
 * generation's partition; their defaults describe every row written before devices existed (users only, no
 * alert), so no rebuild is needed. Device holdings live beside users' in `license_holdings`, told apart by
 * `holder_kind` (the serial number in `user_id`), and the holder index leads with it so each kind is found by one
 * probe.
 */
export const v2Devices = (schema: string): ReadonlyArray<string> => [
  `ALTER TABLE ${tableOf(schema, "purchased_apps")}
     ADD COLUMN assigned_to_devices integer NOT NULL DEFAULT 0,
     ADD COLUMN licensing text NOT NULL DEFAULT 'user',
     ADD COLUMN usage_level text NOT NULL DEFAULT 'normal'`,
  `ALTER TABLE ${tableOf(schema, "license_holdings")} ADD COLUMN holder_kind text NOT NULL DEFAULT 'user'`,
  `ALTER TABLE ${tableOf(schema, "license_audit_findings")} ADD COLUMN holder_kind text NOT NULL DEFAULT 'user'`,
  `CREATE INDEX license_holdings_by_holder_kind ON ${tableOf(schema, "license_holdings")}
     (tenant_id, adam_id, holder_kind, user_id, assigned_position)`,
  `DROP INDEX "${schema}".license_holdings_by_holder`,
];
