import * as E from "fp-ts/lib/Either.js";
import type { SnapshotFailure } from "../../app/command.js";
import { ActorCodec } from "../../app/validate-call.js";
import { decodeLedgerEvent, parseStreamId } from "../../ledger/streams.js";
import { Identifier, Reference } from "../../shared/ids.js";
import { IsoDateTime } from "../../shared/time.js";
import type { EventStore, SnapshotStore } from "../../store/port.js";
import { createVppLedger, type VppLedger } from "../../workflows/ledger.js";
import { makeVppToken } from "../tokens.js";

/** The apps every integrity tenant has: adamId → purchased count. */
export const APPS = { "1001": 2, "1002": 5 } as const;

export const at = (minute: number): string => `2026-12-01T09:${String(minute % 60).padStart(2, "0")}:00Z`;

let commands = 0;
/** A fresh call context from an admin. */
export const call = (label = "cmd") => ({
  commandId: `integrity-${label}-${Date.now().toString(36)}-${++commands}`,
  actor: { kind: "admin", id: "admin-1" } as const,
});

/** Throws unless `either` is a Right (fixtures only: a failed set-up is a broken test). */
export const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected a Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

/** A linked tenant whose apps are synced and deployed, and whose `users` accepted the VPP terms. */
export const linkedTenant = async (ledger: VppLedger, tenant: string, users: ReadonlyArray<string> = []) => {
  right(
    await ledger.account(
      tenant,
      {
        type: "UploadToken",
        data: {
          token: makeVppToken(),
          tokenName: "Main",
          appleId: "it@example.test",
          acknowledgedSingleAccount: true,
          at: at(0),
        },
      },
      call("link"),
    ),
  );
  for (const [adamId, purchased] of Object.entries(APPS)) {
    right(
      await ledger.license(
        tenant,
        adamId,
        { type: "SyncPurchasedCount", data: { purchased, at: at(1) } },
        call("sync"),
      ),
    );
    right(
      await ledger.license(
        tenant,
        adamId,
        { type: "DeployApp", data: { action: "required", at: at(1) } },
        call("deploy"),
      ),
    );
  }
  for (const userId of users) {
    right(await ledger.account(tenant, { type: "InviteUser", data: { userId, at: at(2) } }, call("invite")));
    right(await ledger.account(tenant, { type: "AcceptTerms", data: { userId, at: at(3) } }, call("accept")));
  }
};

/** A ledger over the given stores with no state cache shared with any other: what a new process sees. */
export const freshLedger = (
  store: EventStore,
  snapshots: SnapshotStore,
  onSnapshotError?: (failure: SnapshotFailure) => void,
): VppLedger =>
  createVppLedger({ store, snapshots, snapshotEvery: 3, ...(onSnapshotError ? { onSnapshotError } : {}) });

/** Events of one tenant, counted by type (what was stored for it). */
export const storedTypes = async (store: EventStore, tenant: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const recorded of store.readAll()) {
    if (recorded.metadata.tenantId === tenant) types.push(recorded.type);
  }
  return types;
};

const metadataFieldsAreValid = (metadata: Record<string, unknown>): boolean =>
  Identifier.is(metadata.tenantId) &&
  Reference.is(metadata.correlationId) &&
  Reference.is(metadata.causationId) &&
  IsoDateTime.is(metadata.recordedAt) &&
  E.isRight(ActorCodec.decode(metadata.actor));

/**
 * R24, read side: every stored ledger event decodes with valid metadata, and every ledger stream loads in a
 * fresh ledger (no cache), as it would in a new process. Throws, naming the event, otherwise.
 */
export const assertEverythingReadsBack = async (
  store: EventStore,
  snapshots: SnapshotStore,
  tenantPrefix: string,
): Promise<number> => {
  const ledger = freshLedger(store, snapshots);
  const streams = new Set<string>();
  let events = 0;
  for await (const recorded of store.readAll()) {
    // Other tests of the suite plant poisoned events on purpose: only this test's tenants are checked.
    if (!recorded.metadata.tenantId.startsWith(tenantPrefix)) continue;
    const decoded = decodeLedgerEvent(recorded);
    if (!decoded) continue;
    events++;
    if (!metadataFieldsAreValid(recorded.metadata as unknown as Record<string, unknown>)) {
      throw new Error(`stored metadata does not read back: ${recorded.streamId} v${recorded.streamVersion}`);
    }
    streams.add(recorded.streamId);
  }
  for (const streamId of streams) {
    const stream = parseStreamId(streamId);
    if (stream?.aggregate === "VppAccount") await ledger.loadAccount(stream.tenantId);
    if (stream?.aggregate === "License") await ledger.loadLicense(stream.tenantId, stream.adamId);
  }
  return events;
};
