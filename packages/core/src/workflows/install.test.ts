import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { decodeLedgerEvent } from "../ledger/streams.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { makeVppToken } from "../testing/tokens.js";
import { type InstallOutcome, requestInstall } from "./install.js";
import { createVppLedger, type VppLedger } from "./ledger.js";
import { PendingInstalls, resumeInstalls } from "./pending-installs.js";

const admin = { kind: "admin", id: "admin-1" } as const;
let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: admin });
const at = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

const setUp = async (purchased: number, options: { expDate?: string } = {}) => {
  const store = new InMemoryEventStore();
  const ledger = createVppLedger({ store });
  const token = makeVppToken({ expDate: options.expDate ?? "2027-11-25T10:00:00+0000" });
  right(
    await ledger.account(
      "acme",
      {
        type: "UploadToken",
        data: {
          token,
          tokenName: "Main",
          appleId: "it@acme.test",
          acknowledgedSingleAccount: true,
          at: at(1),
        },
      },
      ctx(),
    ),
  );
  right(
    await ledger.license(
      "acme",
      "111",
      { type: "SyncPurchasedCount", data: { purchased, at: at(1) } },
      ctx(),
    ),
  );
  right(
    await ledger.license(
      "acme",
      "111",
      { type: "DeployApp", data: { action: "required", at: at(1) } },
      ctx(),
    ),
  );
  return { store, ledger };
};

const accept = async (ledger: VppLedger, userId: string, when = at(3)) =>
  right(await ledger.account("acme", { type: "AcceptTerms", data: { userId, at: when } }, ctx()));

const install = (ledger: VppLedger, userId: string, when = at(4), context = ctx()) =>
  requestInstall(ledger, { tenantId: "acme", adamId: "111", userId, at: when }, context);

describe("install workflow", () => {
  it("R15: a first install invites the user and waits for the terms", async () => {
    const { ledger } = await setUp(5);
    expect(right(await install(ledger, "u1", at(2)))).toEqual({ status: "awaiting-terms", invited: true });
    expect((await ledger.loadAccount("acme")).state.users.get("u1")).toBe("invited");
    expect(right(await install(ledger, "u1", at(2)))).toEqual({ status: "awaiting-terms", invited: false });
    expect((await ledger.loadLicense("acme", "111")).state.holders.size).toBe(0);
  });

  it("R12 R15: once the terms are accepted the install consumes one license", async () => {
    const { ledger } = await setUp(5);
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    expect(right(await install(ledger, "u1"))).toEqual({ status: "assigned" });
    expect((await ledger.loadLicense("acme", "111")).state.holders.has("u1")).toBe(true);
  });

  it("R13: a re-install consumes nothing", async () => {
    const { ledger } = await setUp(5);
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    await install(ledger, "u1");
    expect(right(await install(ledger, "u1", at(5)))).toEqual({ status: "already-assigned" });
    expect((await ledger.loadLicense("acme", "111")).version).toBe(4n);
  });

  it("R16: without a license left the install fails and the reason is recorded", async () => {
    const { ledger, store } = await setUp(1);
    for (const user of ["u1", "u2"]) {
      await install(ledger, user, at(2));
      await accept(ledger, user);
    }
    right(await install(ledger, "u1"));
    const outcome = right(await install(ledger, "u2")) as Extract<InstallOutcome, { status: "failed" }>;
    expect(outcome.status).toBe("failed");
    expect(outcome.reason.code).toBe("no-license-available");
    const types: string[] = [];
    for await (const e of store.readStream("vpp-license:acme:111")) types.push(e.type);
    expect(types.at(-1)).toBe("InstallFailed");
    expect(types.filter((t) => t === "LicenseAssigned")).toHaveLength(1);
  });

  it("R5: once the token expired no license is assigned, and the reason is recorded", async () => {
    const { ledger } = await setUp(5, { expDate: "2026-11-25T05:00:00+0000" });
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    const outcome = right(await install(ledger, "u1", at(6)));
    expect(outcome).toMatchObject({ status: "failed", reason: { code: "token-expired" } });
  });

  it("R6: while another MDM holds the location no license is assigned", async () => {
    const { ledger } = await setUp(5);
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    right(
      await ledger.account(
        "acme",
        { type: "RecordLocationClaimed", data: { mdmId: "x", mdmName: "Other MDM", at: at(3) } },
        ctx(),
      ),
    );
    expect(right(await install(ledger, "u1"))).toMatchObject({
      status: "failed",
      reason: { code: "location-claimed" },
    });
  });

  it("retrying the whole workflow with the same command id writes nothing twice", async () => {
    const { ledger, store } = await setUp(5);
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    const context = ctx();
    right(await install(ledger, "u1", at(4), context));
    const before = await store.streamVersion("vpp-license:acme:111");
    right(await install(ledger, "u1", at(4), context));
    expect(await store.streamVersion("vpp-license:acme:111")).toBe(before);
  });

  it("R15: accepting the terms resumes the waiting installs, once even when the log is replayed", async () => {
    const { ledger, store } = await setUp(5);
    await install(ledger, "u1", at(2));
    await accept(ledger, "u1");
    for (let replay = 0; replay < 2; replay++) {
      const pending = new PendingInstalls();
      for await (const recorded of store.readAll()) {
        const event = decodeLedgerEvent(recorded);
        if (event) await resumeInstalls(ledger, pending, event);
      }
    }
    const license = await ledger.loadLicense("acme", "111");
    expect([...license.state.holders.keys()]).toEqual(["u1"]);
  });

  it("unknown or malformed commands from untrusted input are rejected as values", async () => {
    const { ledger } = await setUp(5);
    const unknown = await ledger.licenseFromInput("acme", "111", { type: "StealLicense", data: {} }, ctx());
    expect(E.isLeft(unknown) && unknown.left.code).toBe("unknown-message-type");
    const malformed = await ledger.licenseFromInput(
      "acme",
      "111",
      { type: "SyncPurchasedCount", data: { purchased: -1, at: at(1) } },
      ctx(),
    );
    expect(E.isLeft(malformed) && malformed.left).toMatchObject({
      code: "invalid-input",
      details: { path: "data.purchased" },
    });
  });
});
