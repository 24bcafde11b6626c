import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { ERASED } from "../account/index.js";
import { InMemoryEventStore, InMemorySnapshotStore } from "../store/in-memory/index.js";
import type { EventStore } from "../store/port.js";
import { makeVppToken } from "../testing/tokens.js";
import { eraseAppleId } from "./erase.js";
import { createVppLedger } from "./ledger.js";

let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: { kind: "admin" as const, id: "dpo" } });
const at = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;
const upload = (token: string, appleId: string, h: number) =>
  ({
    type: "UploadToken",
    data: { token, tokenName: "Main", appleId, acknowledgedSingleAccount: true, at: at(h) },
  }) as const;

const storedText = async (store: EventStore) => {
  let text = "";
  for await (const event of store.readAll()) text += JSON.stringify(event.data);
  return text;
};

describe("eraseAppleId", () => {
  it("removes the admin's Apple ID from every stored event, the snapshot and the state, and records who asked", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const ledger = createVppLedger({ store, snapshots, snapshotEvery: 1 });
    await ledger.account("acme", upload(makeVppToken({ token: "a" }), "first.admin@acme.test", 1), ctx());
    await ledger.account("acme", upload(makeVppToken({ token: "b" }), "second.admin@acme.test", 2), ctx());
    expect(await storedText(store)).toContain("first.admin@acme.test");

    const result = await eraseAppleId(ledger, "acme", at(3), ctx());

    expect(result).toEqual(E.right({ redactedEvents: 2 }));
    const text = await storedText(store);
    expect(text).not.toContain("admin@acme.test");
    expect(JSON.stringify((await snapshots.load("vpp-account:acme"))?.state)).not.toContain(
      "admin@acme.test",
    );
    expect((await createVppLedger({ store }).loadAccount("acme")).state.link?.appleId).toBe(ERASED);
    const last: string[] = [];
    for await (const event of store.readStream("vpp-account:acme"))
      last.push(`${event.type}:${event.metadata.actor.id}`);
    expect(last.at(-1)).toBe("AppleIdErased:dpo");
  });

  it("is idempotent, and a new Apple ID uploaded later is kept until erased again", async () => {
    const store = new InMemoryEventStore();
    const ledger = createVppLedger({ store });
    await ledger.account("acme", upload(makeVppToken({ token: "a" }), "a@acme.test", 1), ctx());
    await eraseAppleId(ledger, "acme", at(2), ctx());
    expect(await eraseAppleId(ledger, "acme", at(3), ctx())).toEqual(E.right({ redactedEvents: 0 }));
    await ledger.account("acme", upload(makeVppToken({ token: "b" }), "b@acme.test", 4), ctx());
    expect((await ledger.loadAccount("acme")).state.link?.appleId).toBe("b@acme.test");
  });

  it("refuses with a typed error when the store cannot redact", async () => {
    const inner = new InMemoryEventStore();
    const store: EventStore = {
      appendToStream: (...args) => inner.appendToStream(...args),
      readStream: (...args) => inner.readStream(...args),
      readAll: (...args) => inner.readAll(...args),
      streamVersion: (...args) => inner.streamVersion(...args),
    };
    const ledger = createVppLedger({ store });
    const result = await eraseAppleId(ledger, "acme", at(1), ctx());
    expect(E.isLeft(result) && result.left.code).toBe("erasure-unsupported");
  });
});
