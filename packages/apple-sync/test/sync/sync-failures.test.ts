import { accountStatus } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { syncAccount } from "../../src/index.js";
import { right, TENANT, typesOf } from "./support/harness.js";
import { seeded, syncNow } from "./support/scenario.js";

const codeOf = (either: E.Either<{ readonly code: string }, unknown>) =>
  E.isLeft(either) ? either.left.code : "Right";

describe("syncAccount: token and Apple failures", () => {
  it("R5: once the token's date has passed, the ledger refuses to start and Apple is never called", async () => {
    const h = await seeded();
    h.clock.set("2027-11-25T10:00:00Z");
    h.sim.clearLogs();

    expect(codeOf(await syncNow(h, "sync-1"))).toBe("token-expired");
    expect(h.sim.requests).toEqual([]);
  });

  it("R5: a token Apple reports expired (9621) fails the sync with token-expired", async () => {
    const h = await seeded();
    h.loc.expireToken();

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "token-expired" } });
    const account = (await h.ledger.loadAccount(TENANT)).state;
    expect(account.sync.lastFailure?.code).toBe("token-expired");
    expect(account.link?.revokedAt).toBeNull();
  });

  it("R5: a token Apple revoked (9625) is recorded revoked, and no later sync starts", async () => {
    const h = await seeded();
    h.loc.revokeToken();

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "token-revoked" } });
    expect(typesOf((await h.events()).slice(-2))).toEqual(["TokenRevoked", "SyncFailed"]);
    expect(accountStatus((await h.ledger.loadAccount(TENANT)).state, h.clock.now())).toBe("revoked");
    h.sim.clearLogs();
    expect(codeOf(await syncNow(h, "sync-2"))).toBe("token-revoked");
    expect(h.sim.requests).toEqual([]);
  });

  it("R7: a sync running for the account makes the ledger refuse a second one", async () => {
    const h = await seeded();
    right(
      await h.ledger.account(
        TENANT,
        { type: "RequestSync", data: { syncId: "elsewhere", trigger: "schedule", at: h.clock.now() } },
        { commandId: "other-process", actor: { kind: "schedule" } },
      ),
    );
    h.sim.clearLogs();

    expect(codeOf(await syncNow(h, "sync-1"))).toBe("sync-in-progress");
    expect(h.sim.requests).toEqual([]);
  });

  it("records Apple's other failures with their stable code and a message without the token", async () => {
    const h = await seeded();
    h.sim.injectFault({ kind: "server-error", path: "users", times: 50 });

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "server-error" } });
    const failed = (await h.events()).at(-1);
    expect(failed?.event.type).toBe("SyncFailed");
    const stored = JSON.stringify(failed?.event.data);
    expect(stored).toContain("GET users");
    const inner = JSON.parse(Buffer.from(h.loc.vppTokenFile(), "base64").toString()).token as string;
    for (const secret of [h.loc.vppTokenFile(), inner]) expect(stored).not.toContain(secret);
  });

  it("a malformed Apple answer fails the sync; the next sync retries from scratch and succeeds", async () => {
    const h = await seeded();
    // Twice: the client retries a malformed answer once within the call, then fails it (bounded).
    h.sim.injectFault({ kind: "malformed-json", path: "assignments", times: 2 });

    const failed = right(await syncNow(h, "sync-1"));
    const retried = right(await syncNow(h, "sync-2"));

    expect(failed).toMatchObject({ status: "failed", failure: { code: "malformed-response" } });
    expect(retried).toMatchObject({ status: "succeeded", report: { changes: 0, apps: 3 } });
  });

  it("a storage failure while recording is returned as a Left, not swallowed", async () => {
    const h = await seeded();
    const broken = {
      ...h.deps,
      ledger: {
        ...h.ledger,
        license: async () =>
          E.left({ _tag: "DomainError" as const, code: "invalid-input", message: "refused" }),
        account: async (...args: Parameters<typeof h.ledger.account>) =>
          args[1].type === "FailSync"
            ? E.left({ _tag: "DomainError" as const, code: "store-down", message: "cannot record" })
            : h.ledger.account(...args),
      },
    };

    const outcome = await syncAccount(broken, {
      tenantId: TENANT,
      syncId: "sync-1",
      trigger: "manual",
      at: h.clock.now(),
    });

    expect(codeOf(outcome)).toBe("store-down");
  });
});
