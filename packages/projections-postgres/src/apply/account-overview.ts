import type { LedgerEvent } from "@vpp-ledger/core";
import { decodeAccountDocument } from "../model/account-document.js";
import { type AccountDocument, projectAccountOverview } from "../model/account-overview.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows } from "./batch-rows.js";
import { type Column, selectRows, upsertRows } from "./json-rows.js";

const TENANT_KEY: ReadonlyArray<Column> = [{ name: "tenant_id", type: "text" }];

/** Applies the account-page projection (R4) to `account_overview`: one JSON document per tenant. */
export class AccountOverviewApplier implements ReadModelApplier {
  readonly #accounts = new BatchRows<{ readonly tenantId: string; readonly account: AccountDocument }>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const tenants = new Set<string>();
    for (const event of events) if (event.aggregate === "VppAccount") tenants.add(event.tenantId);
    const keys = [...tenants].map((tenant_id) => ({ tenant_id }));
    const target = targetOf(this.scope, "account_overview");
    for (const row of await selectRows(target, TENANT_KEY, keys, "t.tenant_id, t.account")) {
      const tenantId = row.tenant_id;
      if (typeof tenantId === "string") {
        this.#accounts.loaded(tenantId, { tenantId, account: decodeAccountDocument(row.account) });
      }
    }
    for (const tenant of tenants) this.#accounts.loaded(tenant, undefined);
  }

  apply(event: LedgerEvent): void {
    for (const change of projectAccountOverview(event, this.#accounts.get(event.tenantId)?.account)) {
      this.#accounts.put(change.tenantId, { tenantId: change.tenantId, account: change.account });
    }
  }

  async flush(): Promise<void> {
    const rows = this.#accounts.upserts().map(({ tenantId, account }) => ({ tenant_id: tenantId, account }));
    const columns: ReadonlyArray<Column> = [...TENANT_KEY, { name: "account", type: "jsonb" }];
    await upsertRows(targetOf(this.scope, "account_overview"), columns, ["tenant_id"], rows);
  }
}
