import type { DeploymentAction, LedgerEvent } from "@vpp-ledger/core";
import { bool, oneOf, text, textOrNull } from "../columns.js";
import { type InstallStateRow, projectInstallMonitor } from "../model/install-monitor.js";
import { DEPLOYMENTS, INSTALL_STATES } from "../model/vocabulary.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import { type Column, selectRows, upsertRows } from "./json-rows.js";

const POOL_KEY: ReadonlyArray<Column> = [
  { name: "tenant_id", type: "text" },
  { name: "adam_id", type: "text" },
];
const INSTALL_KEY: ReadonlyArray<Column> = [...POOL_KEY, { name: "user_id", type: "text" }];
const INSTALL_COLUMNS: ReadonlyArray<Column> = [
  ...INSTALL_KEY,
  { name: "state", type: "text" },
  { name: "holds_license", type: "boolean" },
  { name: "failure_code", type: "text" },
  { name: "failure_message", type: "text" },
  { name: "updated_at", type: "text" },
];

interface Deployment {
  readonly tenantId: string;
  readonly adamId: string;
  readonly deployment: DeploymentAction;
}
interface Terms {
  readonly tenantId: string;
  readonly userId: string;
  readonly terms: string;
}

/** The install row a License event names (its user), if it names one. */
const installKeyOf = (
  event: LedgerEvent,
): { tenant_id: string; adam_id: string; user_id: string } | undefined =>
  event.aggregate === "License" && "userId" in event.event.data
    ? { tenant_id: event.tenantId, adam_id: event.adamId, user_id: event.event.data.userId }
    : undefined;

/** Applies the install-monitor projection (R14, R15, R17) to `install_monitor`, `install_pools` and `user_terms`. */
export class InstallMonitorApplier implements ReadModelApplier {
  readonly #installs = new BatchRows<InstallStateRow>();
  readonly #deployments = new BatchRows<Deployment>();
  readonly #terms = new BatchRows<Terms>();
  /** Apps uninstalled in this batch, with the time of the last uninstall: holders not in the batch get it. */
  readonly #uninstalls = new Map<string, { tenant_id: string; adam_id: string; at: string }>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const installs = new Map<string, { tenant_id: string; adam_id: string; user_id: string }>();
    const pools = new Map<string, { tenant_id: string; adam_id: string }>();
    for (const event of events) {
      if (event.aggregate === "License" && event.event.type === "LicensesRevoked") {
        for (const user_id of event.event.data.userIds) {
          const revoked = { tenant_id: event.tenantId, adam_id: event.adamId, user_id };
          installs.set(keyOf(event.tenantId, event.adamId, user_id), revoked);
        }
      }
      const key = installKeyOf(event);
      if (key === undefined) continue;
      installs.set(keyOf(key.tenant_id, key.adam_id, key.user_id), key);
      if (event.event.type === "LicenseAssigned") pools.set(keyOf(key.tenant_id, key.adam_id), key);
    }
    const target = targetOf(this.scope, "install_monitor");
    for (const row of await selectRows(target, INSTALL_KEY, [...installs.values()], "t.*")) {
      const code = textOrNull(row, "failure_code");
      const install: InstallStateRow = {
        tenantId: text(row, "tenant_id"),
        adamId: text(row, "adam_id"),
        userId: text(row, "user_id"),
        state: oneOf(row, "state", INSTALL_STATES),
        holdsLicense: bool(row, "holds_license"),
        failure: code === null ? null : { code, message: text(row, "failure_message") },
        updatedAt: text(row, "updated_at"),
      };
      this.#installs.loaded(keyOf(install.tenantId, install.adamId, install.userId), install);
    }
    for (const key of installs.keys()) this.#installs.loaded(key, undefined);
    const keys = [...pools.values()].map(({ tenant_id, adam_id }) => ({ tenant_id, adam_id }));
    for (const row of await selectRows(targetOf(this.scope, "install_pools"), POOL_KEY, keys, "t.*")) {
      const deployment = {
        tenantId: text(row, "tenant_id"),
        adamId: text(row, "adam_id"),
        deployment: oneOf(row, "deployment", DEPLOYMENTS),
      };
      this.#deployments.loaded(keyOf(deployment.tenantId, deployment.adamId), deployment);
    }
    for (const key of pools.keys()) this.#deployments.loaded(key, undefined);
  }

  /** True when the user holds a license of the app, as the batch stands (prefetched users only). */
  holdsUser(tenantId: string, adamId: string, userId: string): boolean {
    return this.#installs.get(keyOf(tenantId, adamId, userId))?.holdsLicense === true;
  }

  /** True when the License event's user holds a license of its app, as the batch stands (before the event). */
  holds(event: LedgerEvent): boolean {
    const key = installKeyOf(event);
    return (
      key !== undefined &&
      this.#installs.get(keyOf(key.tenant_id, key.adam_id, key.user_id))?.holdsLicense === true
    );
  }

  apply(event: LedgerEvent): void {
    const key = installKeyOf(event);
    const install = key && this.#installs.get(keyOf(key.tenant_id, key.adam_id, key.user_id));
    const deployment =
      event.aggregate === "License" ? this.#deployments.get(keyOf(event.tenantId, event.adamId)) : undefined;
    for (const change of projectInstallMonitor(event, { install, deployment: deployment?.deployment })) {
      switch (change.kind) {
        case "install-upserted": {
          const { tenantId, adamId, userId } = change.row;
          this.#installs.put(keyOf(tenantId, adamId, userId), change.row);
          break;
        }
        case "terms-set":
          this.#terms.put(keyOf(change.tenantId, change.userId), {
            tenantId: change.tenantId,
            userId: change.userId,
            terms: change.terms,
          });
          break;
        case "deployment-set":
          this.#deployments.put(keyOf(change.tenantId, change.adamId), {
            tenantId: change.tenantId,
            adamId: change.adamId,
            deployment: change.action,
          });
          break;
        case "uninstall-pending":
          this.#uninstall(change.tenantId, change.adamId, change.at);
          break;
        case "licenses-revoked":
          for (const userId of change.userIds) {
            const key = keyOf(change.tenantId, change.adamId, userId);
            const row = this.#installs.get(key);
            if (row)
              this.#installs.put(key, {
                ...row,
                state: "reclaimed",
                holdsLicense: false,
                updatedAt: change.at,
              });
          }
          break;
      }
    }
  }

  /** Every holder's install of the app becomes `uninstall-pending`: in the batch now, in the table at the flush. */
  #uninstall(tenantId: string, adamId: string, at: string): void {
    this.#uninstalls.set(keyOf(tenantId, adamId), { tenant_id: tenantId, adam_id: adamId, at });
    for (const [key, row] of [...this.#installs.present()]) {
      if (row.tenantId === tenantId && row.adamId === adamId && row.holdsLicense) {
        this.#installs.put(key, { ...row, state: "uninstall-pending", updatedAt: at });
      }
    }
  }

  async flush(): Promise<void> {
    const installs = targetOf(this.scope, "install_monitor");
    // First the rows this batch did not touch, which still hold what they held before it; then the batch's own
    // rows, whose final state already includes the uninstall.
    if (this.#uninstalls.size > 0) {
      await installs.tx.query(
        `UPDATE ${installs.table} t SET state = 'uninstall-pending', updated_at = r.at
           FROM json_to_recordset($1::json) AS r(tenant_id text, adam_id text, at text)
          WHERE t.tenant_id = r.tenant_id AND t.adam_id = r.adam_id AND t.holds_license`,
        [JSON.stringify([...this.#uninstalls.values()])],
      );
    }
    const rows = this.#installs.upserts().map((row) => ({
      tenant_id: row.tenantId,
      adam_id: row.adamId,
      user_id: row.userId,
      state: row.state,
      holds_license: row.holdsLicense,
      failure_code: row.failure?.code ?? null,
      failure_message: row.failure?.message ?? null,
      updated_at: row.updatedAt,
    }));
    await upsertRows(installs, INSTALL_COLUMNS, ["tenant_id", "adam_id", "user_id"], rows);
    const deployments = this.#deployments
      .upserts()
      .map((d) => ({ tenant_id: d.tenantId, adam_id: d.adamId, deployment: d.deployment }));
    await upsertRows(
      targetOf(this.scope, "install_pools"),
      [...POOL_KEY, { name: "deployment", type: "text" }],
      ["tenant_id", "adam_id"],
      deployments,
    );
    const terms = this.#terms
      .upserts()
      .map((t) => ({ tenant_id: t.tenantId, user_id: t.userId, terms: t.terms }));
    const termColumns: ReadonlyArray<Column> = [
      { name: "tenant_id", type: "text" },
      { name: "user_id", type: "text" },
      { name: "terms", type: "text" },
    ];
    await upsertRows(targetOf(this.scope, "user_terms"), termColumns, ["tenant_id", "user_id"], terms);
  }
}
