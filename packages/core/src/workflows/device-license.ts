import * as E from "fp-ts/lib/Either.js";
import { canAssignLicenses } from "../account/policy.js";
import type { CommandFailure } from "../app/command.js";
import { Platform } from "../license/pool.js";
import type { DomainError } from "../shared/errors.js";
import { domainError, isDomainError } from "../shared/errors.js";
import { checkId } from "../shared/ids.js";
import { toMillis } from "../shared/time.js";
import { asLedgerError } from "../store/errors.js";
import type { CallContext, VppLedger } from "./ledger.js";

/** A device to license for one app: a check-in of a device the app is deployed to (R20). */
export interface DeviceLicenseRequest {
  readonly tenantId: string;
  readonly adamId: string;
  readonly serialNumber: string;
  readonly platform: Platform;
  /** The device's user, when their license moves to the device (user → device licensing, R21). */
  readonly fromUserId?: string;
  readonly at: string;
}

/** Where a device license request stands. */
export type DeviceLicenseOutcome =
  /** The device got a license now (or the user's moved to it): Apple is told by the outbound delivery. */
  | { readonly status: "assigned" }
  /** The device already held one (R13): nothing consumed. */
  | { readonly status: "already-assigned" }
  /** No license: the account may not assign (R5, R6) or the pool refused (R16, R20), with the reason. */
  | { readonly status: "refused"; readonly reason: DomainError };

const invalid = (path: string, message: string) => E.left(domainError("invalid-input", message, { path }));

/** Checks a request from a device check-in before anything is read or written (R24). */
const checkRequest = (request: unknown): E.Either<DomainError, DeviceLicenseRequest> => {
  if (typeof request !== "object" || request === null)
    return invalid("(root)", "invalid request: must be an object");
  const { tenantId, adamId, serialNumber, platform, fromUserId, at } = request as Record<string, unknown>;
  const ids = [
    checkId("identifier", "tenantId", tenantId),
    checkId("adamId", "adamId", adamId),
    checkId("identifier", "serialNumber", serialNumber),
    ...(fromUserId === undefined ? [] : [checkId("identifier", "fromUserId", fromUserId)]),
  ];
  for (const id of ids) if (E.isLeft(id)) return id;
  if (!Platform.is(platform)) {
    return invalid("platform", "invalid platform: must be one of iOS, macOS, tvOS, watchOS, visionOS");
  }
  if (typeof at !== "string" || Number.isNaN(toMillis(at))) {
    return invalid("at", "invalid at: must be an ISO-8601 date-time with offset");
  }
  return E.right(request as DeviceLicenseRequest);
};

/**
 * Licenses a device for an app (R20), or moves its user's license to it (R21 with `fromUserId`), after checking that
 * the account may assign licenses (R5 expired, R6 claimed, revoked token) and registering the device on the
 * account (so a sync counts its Apple assignment as ours, R9): the device counterpart of `requestInstall`,
 * without invitation. Sub-command ids derive from `context.commandId`. A refusal is an outcome with its reason (nothing is recorded: the pool
 * keeps install failures per user); storage failures and invalid input are `Left`s. Retrying with the same
 * command id records nothing twice.
 */
export const licenseDevice = async (
  ledger: VppLedger,
  request: DeviceLicenseRequest,
  context: CallContext,
): Promise<E.Either<CommandFailure, DeviceLicenseOutcome>> => {
  const checked = checkRequest(request);
  if (E.isLeft(checked)) return checked;
  const { tenantId, adamId, serialNumber, platform, fromUserId, at } = checked.right;
  let account: Awaited<ReturnType<VppLedger["loadAccount"]>>;
  try {
    account = await ledger.loadAccount(tenantId);
  } catch (error) {
    return E.left(asLedgerError(error, `device license of ${adamId}: load the account`));
  }
  const allowed = canAssignLicenses(account.state, at);
  if (E.isLeft(allowed)) return E.right({ status: "refused", reason: allowed.left });
  const step = (name: string): CallContext => ({
    ...context,
    commandId: `${context.commandId}/${name}`,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.commandId,
  });
  if (account.state.devices.get(serialNumber) !== "registered") {
    // The device becomes the host's own before it holds a license, so a sync counts its assignment as ours (R9).
    const registered = await ledger.account(
      tenantId,
      { type: "RegisterDevice", data: { serialNumber, at } },
      step("register"),
    );
    if (E.isLeft(registered)) return registered;
  }
  const outcome = await ledger.license(
    tenantId,
    adamId,
    fromUserId === undefined
      ? { type: "AssignDeviceLicense", data: { serialNumber, platform, at } }
      : { type: "MoveLicenseToDevice", data: { userId: fromUserId, serialNumber, platform, at } },
    step("assign"),
  );
  if (E.isLeft(outcome)) {
    return isDomainError(outcome.left) && outcome.left.code !== "invalid-input"
      ? E.right({ status: "refused", reason: outcome.left })
      : outcome;
  }
  const granted = outcome.right.events.some(
    (event) => event.type === "DeviceLicenseAssigned" || event.type === "LicenseMovedToDevice",
  );
  return E.right({ status: granted ? "assigned" : "already-assigned" });
};
