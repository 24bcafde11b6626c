import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { InMemoryWorkflowStateStore } from "../processing/workflow-state.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { makeVppToken } from "../testing/tokens.js";
import { requestInstall } from "./install.js";
import { InstallResumer } from "./install-resumer.js";
import { createVppLedger } from "./ledger.js";

const at = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;
let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: { kind: "admin" as const } });
const ok = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

const setUp = async () => {
  const store = new InMemoryEventStore();
  const ledger = createVppLedger({ store });
  const token = makeVppToken();
  ok(
    await ledger.account(
      "acme",
      {
        type: "UploadToken",
        data: { token, tokenName: "t", appleId: "a@b.c", acknowledgedSingleAccount: true, at: at(1) },
      },
      ctx(),
    ),
  );
  for (const adamId of ["111", "222"]) {
    ok(
      await ledger.license(
        "acme",
        adamId,
        { type: "SyncPurchasedCount", data: { purchased: 5, at: at(1) } },
        ctx(),
      ),
    );
    ok(
      await ledger.license(
        "acme",
        adamId,
        { type: "DeployApp", data: { action: "required", at: at(1) } },
        ctx(),
      ),
    );
    ok(await requestInstall(ledger, { tenantId: "acme", adamId, userId: "u1", at: at(2) }, ctx()));
  }
  return { store, ledger };
};

describe("InstallResumer", () => {
  it("R15: resumes every app a user waited for once the terms are accepted, naming each request", async () => {
    const { store, ledger } = await setUp();
    const resumer = new InstallResumer(ledger, store, new InMemoryCheckpointStore());
    expect(await resumer.run()).toEqual([]);
    expect(resumer.waiting).toBe(2);
    ok(await ledger.account("acme", { type: "AcceptTerms", data: { userId: "u1", at: at(3) } }, ctx()));
    const resumed = await resumer.run();
    expect(
      resumed.map(({ request, outcome }) => [request.adamId, request.userId, ok(outcome).status]),
    ).toEqual([
      ["111", "u1", "assigned"],
      ["222", "u1", "assigned"],
    ]);
    expect(resumer.waiting).toBe(0);
  });

  it("R15: a restarted resumer rebuilds the waiting list up to its checkpoint and acts only after it", async () => {
    const { store, ledger } = await setUp();
    const checkpoints = new InMemoryCheckpointStore();
    await new InstallResumer(ledger, store, checkpoints).run();
    ok(await ledger.account("acme", { type: "AcceptTerms", data: { userId: "u1", at: at(3) } }, ctx()));
    const restarted = new InstallResumer(ledger, store, checkpoints);
    expect((await restarted.run()).map(({ request }) => request.adamId)).toEqual(["111", "222"]);
    const replayed = new InstallResumer(ledger, store, new InMemoryCheckpointStore());
    await replayed.run();
    expect((await ledger.loadLicense("acme", "111")).state.holders.size).toBe(1);
  });

  it("R15: with a state store, a restart starts from the snapshot of the waiting list, not the start of the log", async () => {
    const { store, ledger } = await setUp();
    const checkpoints = new InMemoryCheckpointStore();
    const states = new InMemoryWorkflowStateStore();
    await new InstallResumer(ledger, store, checkpoints, { states, snapshotEvery: 1 }).run();
    const snapshot = await states.load("install-resumer");
    expect(snapshot?.state).toEqual([["acme", "u1", "111 222"]]);
    ok(await ledger.account("acme", { type: "AcceptTerms", data: { userId: "u1", at: at(3) } }, ctx()));
    const reads: Array<bigint | undefined> = [];
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => {
      reads.push(options?.after);
      return readAll(options);
    };
    const restarted = new InstallResumer(ledger, store, checkpoints, { states });
    expect((await restarted.run()).map(({ request }) => request.adamId)).toEqual(["111", "222"]);
    expect(reads).not.toContain(undefined);
    expect(reads[0]).toBe(snapshot?.position);
  });
});
