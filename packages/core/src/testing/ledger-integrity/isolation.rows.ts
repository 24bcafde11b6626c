import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { vppAccountStreamId } from "../../account/index.js";
import { licenseStreamId } from "../../license/index.js";
import { readLedgerLog } from "../../log/read-ledger-log.js";
import { resumeParkedStreams } from "../../log/resume-parked.js";
import { InMemoryCheckpointStore } from "../../store/checkpoint.js";
import { eventIdFor } from "../../store/event-id.js";
import { InMemoryParkedStreamStore, type ParkedStream } from "../../store/parked.js";
import type { EventStore } from "../../store/port.js";
import { requestInstall } from "../../workflows/install.js";
import { InstallResumer } from "../../workflows/install-resumer.js";
import type { VppLedger } from "../../workflows/ledger.js";
import { at, call, freshLedger, linkedTenant, right } from "./fixtures.js";
import type { IntegrityContext } from "./harness.js";

/**
 * Plants an event that does not decode (a user id outside the grammar) straight into a pool, as a bug or an
 * old release could have: the store takes any JSON, so this is how a poisoned log comes about.
 */
const poison = async (store: EventStore, tenant: string, adamId: string): Promise<string> => {
  const streamId = licenseStreamId(tenant, adamId);
  const id = eventIdFor(`poison-${tenant}`, 0);
  await store.appendToStream(streamId, [
    {
      id,
      type: "LicenseAssigned",
      schemaVersion: 1,
      data: { userId: "bad:id", at: at(4) },
      metadata: {
        tenantId: tenant,
        correlationId: "poison",
        causationId: "poison",
        actor: { kind: "system" },
        recordedAt: at(4),
      },
    },
  ]);
  return id;
};

const waitingInstall = async (ledger: VppLedger, tenant: string, userId: string): Promise<void> => {
  const outcome = right(
    await requestInstall(ledger, { tenantId: tenant, adamId: "1001", userId, at: at(3) }, call("install")),
  );
  expect(outcome).toEqual({ status: "awaiting-terms", invited: true });
};

const accept = async (ledger: VppLedger, tenant: string, userId: string): Promise<void> => {
  right(await ledger.account(tenant, { type: "AcceptTerms", data: { userId, at: at(5) } }, call("accept")));
};

/** Issue 7, item 3: a corrupt event stops only what depends on its stream, and the repair path delivers (R24). */
export const isolationRows = (ctx: IntegrityContext): void => {
  it("R24 row 2, isolation: a poisoned pool parks only its tenant in the install resumer; the other tenant's waiting install completes, and the parked one after the repair", async () => {
    const { store, snapshots } = ctx.harness();
    const ledger = freshLedger(store, snapshots);
    const [poisoned, healthy] = [ctx.tenant("iso-a"), ctx.tenant("iso-b")];
    await linkedTenant(ledger, poisoned);
    await linkedTenant(ledger, healthy);
    await waitingInstall(ledger, poisoned, "a1");
    await waitingInstall(ledger, healthy, "b1");
    const poisonId = await poison(store, poisoned, "1001");
    await accept(ledger, poisoned, "a1");
    await accept(ledger, healthy, "b1");

    const parked = new InMemoryParkedStreamStore();
    const alerts: ParkedStream[] = [];
    const reader = `install-resumer-${poisoned}`;
    const resumer = new InstallResumer(ledger, store, new InMemoryCheckpointStore(), {
      name: reader,
      parked,
      onParked: (entry) => {
        alerts.push(entry);
      },
    });
    const first = await resumer.run();
    const healthyOutcome = first.find(({ request }) => request.tenantId === healthy);
    expect(healthyOutcome && E.isRight(healthyOutcome.outcome) && healthyOutcome.outcome.right).toEqual({
      status: "assigned",
    });
    expect((await ledger.loadLicense(healthy, "1001")).state.holders.has("b1")).toBe(true);
    const entries = (await parked.list(reader)).filter((entry) => entry.streamId.includes(poisoned));
    expect(
      entries.map(({ streamId, eventType, field, code }) => ({ streamId, eventType, field, code })),
    ).toEqual([
      {
        streamId: licenseStreamId(poisoned, "1001"),
        eventType: "LicenseAssigned",
        field: "data.userId",
        code: "corrupt-event",
      },
      {
        streamId: vppAccountStreamId(poisoned),
        eventType: "TermsAccepted",
        field: "data.userId",
        code: "corrupt-event",
      },
    ]);
    expect(alerts.filter((entry) => entry.streamId.includes(poisoned))).toHaveLength(2);
    expect(
      JSON.stringify(entries, (_, value) => (typeof value === "bigint" ? String(value) : value)),
    ).not.toContain("bad:id");

    if (!store.redactEvent) return; // No in-place repair on this store: an upcaster is its repair path.
    expect(
      await store.redactEvent(licenseStreamId(poisoned, "1001"), poisonId, { userId: "a-legacy", at: at(4) }),
    ).toBe(true);
    const second = await resumer.run();
    const repaired = second.find(({ request }) => request.tenantId === poisoned);
    expect(repaired && E.isRight(repaired.outcome) && repaired.outcome.right).toEqual({ status: "assigned" });
    expect((await ledger.loadLicense(poisoned, "1001")).state.holders.has("a1")).toBe(true);
    expect((await parked.list(reader)).filter((entry) => entry.streamId.includes(poisoned))).toEqual([]);
  });

  it("R24 row 4, isolation: a ledger-prefixed stream whose id does not parse is parked as corrupt, never skipped silently", async () => {
    const { store } = ctx.harness();
    const tenant = ctx.tenant("iso-id");
    const streamId = `vpp-license:${tenant}:10:01`;
    await store.appendToStream(streamId, [
      {
        id: eventIdFor(`bad-stream-${tenant}`, 0),
        type: "PurchasedCountSynced",
        schemaVersion: 1,
        data: { purchased: 1, previous: 0, at: at(1) },
        metadata: {
          tenantId: tenant,
          correlationId: "c",
          causationId: "c",
          actor: { kind: "system" },
          recordedAt: at(1),
        },
      },
    ]);
    const parked = new InMemoryParkedStreamStore();
    const kinds: string[] = [];
    for await (const entry of readLedgerLog(store, { reader: "audit", parked })) {
      if (entry.recorded.streamId === streamId) kinds.push(entry.kind);
    }
    expect(kinds).toEqual(["parked"]);
    expect((await parked.list("audit")).find((entry) => entry.streamId === streamId)).toMatchObject({
      field: "streamId",
      code: "corrupt-event",
    });
    const checkpoint = (await parked.list("audit")).at(-1)?.globalPosition;
    const resumed = await resumeParkedStreams(store, {
      reader: "audit",
      parked,
      upTo: checkpoint,
      handle: async () => {},
    });
    expect(resumed.stillParked.map((entry) => entry.streamId)).toContain(streamId);
  });
};
