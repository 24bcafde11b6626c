import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import type { VppAccountCommand } from "../../account/commands.js";
import type { LicenseCommand } from "../../license/commands.js";
import { eraseAppleId } from "../../workflows/erase.js";
import { requestInstall } from "../../workflows/install.js";
import type { CallContext, VppLedger } from "../../workflows/ledger.js";
import { makeVppToken } from "../tokens.js";
import { assertEverythingReadsBack, at, freshLedger, linkedTenant } from "./fixtures.js";
import type { IntegrityContext } from "./harness.js";

/** Values a careless host or an attacker sends where the types say otherwise. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a:b",
    "bob:ipad",
    " bob",
    "u\u0000",
    "u\uD800",
    "\u202Eevil",
    "x".repeat(300),
    "__proto__",
    "7",
    "-5",
  ),
  fc.constantFrom(-5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1.5, 0),
  fc.constantFrom(null, undefined, true, [], {}),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.stringMatching(/^[a-z0-9]{1,6}$/),
);

/** Either a valid value or a hostile one, so calls get past some checks and fail at others. */
const sometimes = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostileValue });

const userId = sometimes(fc.constantFrom("u1", "u2", "u3"));
const adamId = sometimes(fc.constantFrom("1001", "1002"));
const when = sometimes(fc.constantFrom(at(10), at(20), "2026-12-01T10:00:00+01:00"));

const serialNumber = sometimes(fc.constantFrom("SN-1", "SN-2"));
const platform = sometimes(fc.constantFrom("iOS", "tvOS"));
const licensing = fc.constantFrom("user", "device");

const licenseCommand = fc.oneof(
  fc.record({
    type: fc.constant("SyncPurchasedCount"),
    data: fc.record({ purchased: sometimes(fc.nat(5)), at: when }),
  }),
  fc.record({
    type: fc.constant("DeployApp"),
    data: fc.record({ action: sometimes(fc.constantFrom("required", "uninstall")), at: when }),
  }),
  fc.record({
    type: fc.constant("AssignLicense"),
    data: fc.record({ userId, termsAccepted: sometimes(fc.boolean()), at: when }),
  }),
  fc.record({
    type: fc.constant("ReclaimLicense"),
    data: fc.record({ userId, reason: sometimes(fc.constant("app-uninstalled")), at: when }),
  }),
  fc.record({
    type: fc.constant("RecordInstallFailure"),
    data: fc.record({
      userId,
      reason: sometimes(fc.record({ code: sometimes(fc.constant("x")), message: hostileValue })),
      at: when,
    }),
  }),
  fc.record({ type: sometimes(fc.constant("RequestInstall")), data: hostileValue }),
  fc.record({
    type: fc.constant("DeployApp"),
    data: fc.record({
      action: sometimes(fc.constant("required")),
      licensing: sometimes(licensing),
      at: when,
    }),
  }),
  fc.record({
    type: fc.constant("SyncPurchasedCount"),
    data: fc.record({
      purchased: sometimes(fc.nat(5)),
      deviceAssignable: sometimes(fc.boolean()),
      supportedPlatforms: sometimes(fc.constant(["iOS"])),
      pricingParam: sometimes(fc.constantFrom("STDQ", "PLUS")),
      at: when,
    }),
  }),
  fc.record({
    type: fc.constant("AssignDeviceLicense"),
    data: fc.record({ serialNumber, platform, at: when }),
  }),
  fc.record({ type: fc.constant("ImportDeviceLicense"), data: fc.record({ serialNumber, at: when }) }),
  fc.record({
    type: fc.constant("ReclaimDeviceLicense"),
    data: fc.record({ serialNumber, reason: sometimes(fc.constant("device-wiped")), at: when }),
  }),
  fc.record({
    type: fc.constant("MoveLicenseToDevice"),
    data: fc.record({ userId, serialNumber, platform, at: when }),
  }),
  fc.record({
    type: fc.constant("RevokeAllLicenses"),
    data: fc.record({ scope: sometimes(fc.constantFrom("app", "location")), reason: hostileValue, at: when }),
  }),
  fc.record({
    type: fc.constant("RecordPoolUsage"),
    data: fc.record({ thresholdPercent: sometimes(fc.integer({ min: 1, max: 100 })), at: when }),
  }),
);

const accountCommand = fc.oneof(
  fc.record({ type: fc.constant("RegisterDevice"), data: fc.record({ serialNumber, at: when }) }),
  fc.record({
    type: fc.constant("RetireDevice"),
    data: fc.record({ serialNumber, reason: sometimes(fc.constant("device-wiped")), at: when }),
  }),
  fc.record({
    type: fc.constant("RevokeLocationLicenses"),
    data: fc.record({ reason: sometimes(fc.constant("contract ended")), at: when }),
  }),
  fc.record({ type: fc.constant("CheckTokenHealth"), data: fc.record({ at: when }) }),
  fc.record({ type: fc.constant("InviteUser"), data: fc.record({ userId, at: when }) }),
  fc.record({ type: fc.constant("AcceptTerms"), data: fc.record({ userId, at: when }) }),
  fc.record({ type: fc.constant("RetireUser"), data: fc.record({ userId, at: when }) }),
  fc.record({
    type: fc.constant("RecordLocationClaimed"),
    data: fc.record({ mdmId: hostileValue, mdmName: hostileValue, at: when }),
  }),
  fc.record({
    type: fc.constant("FailSync"),
    data: fc.record({
      syncId: hostileValue,
      error: fc.record({ code: hostileValue, message: hostileValue }),
      at: when,
    }),
  }),
  fc.record({
    type: fc.constant("UploadToken"),
    data: fc.record({
      token: sometimes(fc.constant(makeVppToken())),
      tokenName: sometimes(fc.constant("Main")),
      appleId: hostileValue,
      acknowledgedSingleAccount: sometimes(fc.constant(true)),
      at: when,
    }),
  }),
);

const context = fc.record({
  commandId: sometimes(fc.uuid()),
  actor: sometimes(
    fc.record({ kind: sometimes(fc.constantFrom("admin", "device")), id: sometimes(fc.constant("admin-1")) }),
  ),
});

type Call = (ledger: VppLedger, tenant: string) => Promise<E.Either<unknown, unknown>>;

const tenantOr = (tenant: string, other: unknown) => (other === undefined ? tenant : other) as string;

/** One call through a public entry point, with hostile parts. */
const hostileCall: fc.Arbitrary<Call> = fc.oneof(
  fc.tuple(fc.option(hostileValue, { nil: undefined }), adamId, licenseCommand, context).map(
    ([tenant, app, command, ctx]): Call =>
      (ledger, t) =>
        ledger.license(tenantOr(t, tenant), app as string, command as LicenseCommand, ctx as CallContext),
  ),
  fc.tuple(fc.option(hostileValue, { nil: undefined }), adamId, licenseCommand, context).map(
    ([tenant, app, command, ctx]): Call =>
      (ledger, t) =>
        ledger.licenseFromInput(tenantOr(t, tenant), app as string, command, ctx as CallContext),
  ),
  fc.tuple(fc.option(hostileValue, { nil: undefined }), accountCommand, context).map(
    ([tenant, command, ctx]): Call =>
      (ledger, t) =>
        ledger.account(tenantOr(t, tenant), command as VppAccountCommand, ctx as CallContext),
  ),
  fc.tuple(adamId, userId, when, context).map(
    ([app, user, time, ctx]): Call =>
      (ledger, t) =>
        requestInstall(
          ledger,
          { tenantId: t, adamId: app as string, userId: user as string, at: time as string },
          ctx as CallContext,
        ),
  ),
  fc.tuple(hostileValue, context).map(
    ([request, ctx]): Call =>
      (ledger) =>
        requestInstall(ledger, request as never, ctx as CallContext),
  ),
  fc.tuple(when, context).map(
    ([time, ctx]): Call =>
      (ledger, t) =>
        eraseAppleId(ledger, t, time as string, ctx as CallContext),
  ),
);

/** Issue 7, item 1: the hostile-input property (R24). */
export const hostileInputProperty = (ctx: IntegrityContext): void => {
  it("R24: whatever hostile values reach the public entry points, every call settles as a value and everything stored decodes and loads in a fresh process", async () => {
    const { store, snapshots } = ctx.harness();
    const base = ctx.tenant("hostile");
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileCall, { minLength: 1, maxLength: 12 }), async (calls) => {
        const tenant = `${base}-${++runs}`;
        const ledger = freshLedger(store, snapshots);
        await linkedTenant(ledger, tenant, ["u1"]);
        for (const hostile of calls) {
          const outcome = await hostile(ledger, tenant);
          expect(E.isLeft(outcome) || E.isRight(outcome)).toBe(true);
        }
        const reopened = await ctx.harness().reopen();
        try {
          expect(await assertEverythingReadsBack(reopened.store, reopened.snapshots, base)).toBeGreaterThan(
            0,
          );
        } finally {
          await reopened.close();
        }
      }),
      { numRuns: ctx.hostileRuns },
    );
  });
};
