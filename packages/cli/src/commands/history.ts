import {
  decodeLedgerEvent,
  type EventStore,
  InMemoryParkedStreamStore,
  licenseStreamId,
  readLedgerLog,
  toMillis,
} from "@vpp-ledger/core";
import { type Holding, LicenseHistory } from "@vpp-ledger/projections";
import type { LogProgress } from "../output/progress.js";
import { readingAhead } from "../store/read-ahead.js";

/** Whose holdings: a tenant's, narrowed to an app and/or one holder (a user, or a device by serial number). */
export interface HistoryScope {
  readonly tenantId: string;
  readonly adamId?: string;
  readonly userId?: string;
  readonly serialNumber?: string;
}

/** The holdings of one pool, folded from its own stream: no scan of the log. */
const poolHistory = async (store: EventStore, tenantId: string, adamId: string): Promise<LicenseHistory> => {
  const history = new LicenseHistory();
  for await (const recorded of store.readStream(licenseStreamId(tenantId, adamId))) {
    const event = decodeLedgerEvent(recorded);
    if (event !== undefined) history.apply(event);
  }
  return history;
};

/** The holdings of a tenant's pools, folded from a scan of the log (the log has no index by tenant). */
const tenantHistory = async (
  store: EventStore,
  tenantId: string,
  progress: LogProgress,
): Promise<{ readonly history: LicenseHistory; readonly apps: ReadonlySet<string> }> => {
  const history = new LicenseHistory();
  const apps = new Set<string>();
  let read = 0;
  try {
    const entries = readLedgerLog(readingAhead(store, 2_000), {
      reader: "vpp-ledger-cli-history",
      parked: new InMemoryParkedStreamStore(),
      batchSize: 2000,
    });
    for await (const entry of entries) {
      read += 1;
      if ((read & 0x3ff) === 0) progress.update(entry.recorded.globalPosition, read);
      if (entry.kind !== "event" || entry.event.aggregate !== "License" || entry.event.tenantId !== tenantId)
        continue;
      apps.add(entry.event.adamId);
      history.apply(entry.event);
    }
  } finally {
    progress.stop();
  }
  return { history, apps };
};

/**
 * A tenant's license history (R18): every holding, user or device (R20), with the events that opened and closed
 * it, of one app (read from its pool's stream) or of all apps (read from the log), optionally of one holder.
 */
export const licenseHistory = async (
  store: EventStore,
  scope: HistoryScope,
  progress: LogProgress,
): Promise<ReadonlyArray<Holding>> => {
  let holdings: Holding[];
  if (scope.adamId !== undefined) {
    progress.stop();
    holdings = (await poolHistory(store, scope.tenantId, scope.adamId)).holdings(
      scope.tenantId,
      scope.adamId,
    );
  } else {
    const { history, apps } = await tenantHistory(store, scope.tenantId, progress);
    holdings = [...apps].sort().flatMap((adamId) => history.holdings(scope.tenantId, adamId));
  }
  if (scope.userId !== undefined)
    return holdings.filter((h) => h.holderKind === "user" && h.userId === scope.userId);
  if (scope.serialNumber !== undefined)
    return holdings.filter((h) => h.holderKind === "device" && h.userId === scope.serialNumber);
  return holdings;
};

/** Who held a license of an app at instant `at` (R18, users and devices): the holdings whose `[from, until)` contains it. */
export const whoHeld = async (
  store: EventStore,
  tenantId: string,
  adamId: string,
  at: string,
): Promise<ReadonlyArray<Holding>> => {
  const t = toMillis(at);
  const history = await poolHistory(store, tenantId, adamId);
  return history
    .holdings(tenantId, adamId)
    .filter((h) => toMillis(h.from) <= t && (h.until === null || t < toMillis(h.until)))
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
};
