import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import type { LicenseCommand } from "../../license/commands.js";
import { licenseSnapshot, licenseStreamId } from "../../license/index.js";
import type { EventStore } from "../../store/port.js";
import { requestInstall } from "../../workflows/install.js";
import type { CallContext } from "../../workflows/ledger.js";
import {
  APPS,
  assertEverythingReadsBack,
  at,
  call,
  freshLedger,
  linkedTenant,
  storedTypes,
} from "./fixtures.js";
import type { IntegrityContext } from "./harness.js";

const invalidInput = (path: string) =>
  E.left(expect.objectContaining({ code: "invalid-input", details: expect.objectContaining({ path }) }));

/** A store whose every call fails as a dead connection would, with a raw (untyped) error. */
const failingStore = (message: string): EventStore => {
  const fail = async (): Promise<never> => {
    throw new Error(message);
  };
  return {
    appendToStream: fail,
    streamVersion: fail,
    readStream: () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) }),
    readAll: () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) }),
  };
};

/** The rows of issue 7's table that the ledger's own entry points answer, one test each (R24). */
export const boundaryRows = (ctx: IntegrityContext): void => {
  const open = async (label: string, users: ReadonlyArray<string> = []) => {
    const { store, snapshots } = ctx.harness();
    const tenant = ctx.tenant(label);
    const ledger = freshLedger(store, snapshots);
    await linkedTenant(ledger, tenant, users);
    return { store, snapshots, tenant, ledger, before: (await storedTypes(store, tenant)).length };
  };
  const nothingMoreStored = async (store: EventStore, tenant: string, before: number) => {
    expect((await storedTypes(store, tenant)).length).toBe(before);
    const reopened = await ctx.harness().reopen();
    try {
      await assertEverythingReadsBack(reopened.store, reopened.snapshots, tenant);
    } finally {
      await reopened.close();
    }
  };

  it('R24 row 1: DeployApp without action, purchased -5 / NaN / "7", an actor {id: 42}: Left invalid-input, nothing stored, the pool loads in a fresh process', async () => {
    const { store, tenant, ledger, before } = await open("row1");
    const hostile: ReadonlyArray<[unknown, CallContext, string]> = [
      [{ type: "DeployApp", data: { action: "install", at: at(5) } }, call(), "data.action"],
      [{ type: "DeployApp", data: { at: at(5) } }, call(), "data.action"],
      [{ type: "SyncPurchasedCount", data: { purchased: -5, at: at(5) } }, call(), "data.purchased"],
      [{ type: "SyncPurchasedCount", data: { purchased: Number.NaN, at: at(5) } }, call(), "data.purchased"],
      [{ type: "SyncPurchasedCount", data: { purchased: "7", at: at(5) } }, call(), "data.purchased"],
      [
        { type: "SyncPurchasedCount", data: { purchased: 7, at: at(5) } },
        { ...call(), actor: { kind: "admin", id: 42 } } as unknown as CallContext,
        "actor.id",
      ],
    ];
    for (const [command, context, path] of hostile) {
      expect(await ledger.license(tenant, "1001", command as LicenseCommand, context)).toEqual(
        invalidInput(path),
      );
    }
    await nothingMoreStored(store, tenant, before);
  });

  it.each([["bob:ipad"], [""], ["bo\u0007b"], [" bob"], ["b".repeat(200)], ["u\uD800"]])(
    "R24 row 2: requestInstall with userId %j is a Left invalid-input naming userId; nothing is stored and everything loads",
    async (userId) => {
      const { store, tenant, ledger, before } = await open("row2");
      const outcome = await requestInstall(
        ledger,
        { tenantId: tenant, adamId: "1001", userId, at: at(5) },
        call(),
      );
      expect(outcome).toEqual(invalidInput("userId"));
      await nothingMoreStored(store, tenant, before);
    },
  );

  it("R24 row 4: tenant or app ids with ':' are refused, so (a, b:c) and (a:b, c) can never share a pool", async () => {
    const { store, tenant, ledger, before } = await open("row4");
    const sync = { type: "SyncPurchasedCount", data: { purchased: 3, at: at(5) } } as const;
    expect(await ledger.license(tenant, "10:01", sync, call())).toEqual(invalidInput("adamId"));
    expect(await ledger.license(`${tenant}:1001`, "1002", sync, call())).toEqual(invalidInput("tenantId"));
    expect(
      await ledger.account(`${tenant}:x`, { type: "RetireUser", data: { userId: "u1", at: at(5) } }, call()),
    ).toEqual(invalidInput("tenantId"));
    expect(() => licenseStreamId("a", "b:c")).toThrow(TypeError);
    expect(() => licenseStreamId("a:b", "c")).toThrow(TypeError);
    await expect(ledger.loadLicense(tenant, "x:1")).rejects.toThrow(TypeError);
    await nothingMoreStored(store, tenant, before);
  });

  it("R24 row 6: a lone surrogate in userId and a NUL in tenantId are refused before they reach the store", async () => {
    const { store, tenant, ledger, before } = await open("row6");
    const assign = (userId: string) =>
      ({ type: "AssignLicense", data: { userId, termsAccepted: true, at: at(5) } }) as const;
    expect(await ledger.license(tenant, "1001", assign("u\uDC00x"), call())).toEqual(
      invalidInput("data.userId"),
    );
    expect(await ledger.license(`${tenant}\u0000`, "1001", assign("u1"), call())).toEqual(
      invalidInput("tenantId"),
    );
    expect(
      await requestInstall(ledger, { tenantId: `t\u0000`, adamId: "1001", userId: "u1", at: at(5) }, call()),
    ).toEqual(invalidInput("tenantId"));
    await nothingMoreStored(store, tenant, before);
  });

  it("R24 row 10: requestInstall when the store fails is a Left (store-unavailable), never a rejection", async () => {
    const { snapshots } = ctx.harness();
    const ledger = freshLedger(failingStore("connection reset: payload secret-value"), snapshots);
    const outcome = await requestInstall(
      ledger,
      { tenantId: ctx.tenant("row10"), adamId: "1001", userId: "u1", at: at(5) },
      call(),
    );
    expect(outcome).toEqual(E.left(expect.objectContaining({ code: "store-unavailable", retryable: true })));
    expect(E.isLeft(outcome) && outcome.left.message).not.toContain("secret-value");
  });

  it("R24 row 11: an unknown command type through ledger.license and ledger.account is a Left unknown-message-type", async () => {
    const { store, tenant, ledger, before } = await open("row11");
    const unknown = { type: "GrantEverything", data: { at: at(5) } } as unknown as LicenseCommand;
    expect(await ledger.license(tenant, "1001", unknown, call())).toEqual(
      E.left(expect.objectContaining({ code: "unknown-message-type" })),
    );
    expect(await ledger.account(tenant, unknown as never, call())).toEqual(
      E.left(expect.objectContaining({ code: "unknown-message-type" })),
    );
    for (const junk of [null, undefined, 42, "DeployApp", [], { type: "__proto__", data: {} }]) {
      const result = await ledger.license(tenant, "1001", junk as unknown as LicenseCommand, call());
      expect(E.isLeft(result) && result.left.code).toMatch(/^(invalid-input|unknown-message-type)$/);
    }
    await nothingMoreStored(store, tenant, before);
  });

  it("R13 R16 row 13: a snapshot whose holders were emptied is discarded: the pool is replayed and never over-assigned", async () => {
    const { store, snapshots, tenant, ledger } = await open("row13", ["u1", "u2", "u3", "u4"]);
    const assign = (userId: string) =>
      ledger.license(
        tenant,
        "1001",
        { type: "AssignLicense", data: { userId, termsAccepted: true, at: at(6) } },
        call(),
      );
    expect(E.isRight(await assign("u1"))).toBe(true);
    expect(E.isRight(await assign("u2"))).toBe(true);
    const streamId = licenseStreamId(tenant, "1001");
    const version = await store.streamVersion(streamId);
    const forged = {
      purchased: APPS["1001"],
      deployment: "required",
      licensing: "user",
      holders: [],
      devices: [],
      assignments: 2,
      reclaims: 0,
      metadata: { pricingParam: null, supportedPlatforms: null, deviceAssignable: null },
      usageAlert: "normal",
    };
    const schemaVersion = licenseSnapshot.schemaVersion;
    await snapshots.save({ streamId, streamVersion: version, schemaVersion, state: forged });
    const failures: string[] = [];
    const fresh = freshLedger(store, snapshots, (failure) => failures.push(failure.stage));
    const assigned = await fresh.license(
      tenant,
      "1001",
      { type: "AssignLicense", data: { userId: "u3", termsAccepted: true, at: at(7) } },
      call(),
    );
    expect(assigned).toEqual(E.left(expect.objectContaining({ code: "no-license-available" })));
    expect(failures).toContain("decode");
    expect((await fresh.loadLicense(tenant, "1001")).state.holders.size).toBe(2);
  });
};
