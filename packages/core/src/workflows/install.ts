import * as E from "fp-ts/lib/Either.js";
import { canAssignLicenses } from "../account/policy.js";
import type { CommandFailure } from "../app/command.js";
import type { DomainError } from "../shared/errors.js";
import { domainError, isDomainError } from "../shared/errors.js";
import { checkId } from "../shared/ids.js";
import { toMillis } from "../shared/time.js";
import { asLedgerError } from "../store/errors.js";
import type { CallContext, VppLedger } from "./ledger.js";

/** A user's request to install one app (the device checked in and the app is deployed to them). */
export interface InstallRequest {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  readonly at: string;
}

/** Where an install request stands after the workflow ran. */
export type InstallOutcome =
  /** A license was assigned now: the host may send InstallApplication once Apple confirms the association. */
  | { readonly status: "assigned" }
  /** The user already held a license (R13): nothing consumed, the install proceeds. */
  | { readonly status: "already-assigned" }
  /** The user was invited (or still is) and must accept the VPP terms first (R15). */
  | { readonly status: "awaiting-terms"; readonly invited: boolean }
  /** The install cannot proceed; the reason is recorded in the pool (R16, R17). */
  | { readonly status: "failed"; readonly reason: DomainError };

/** Rejections that end an install with a recorded reason rather than an error to the caller. */
const RECORDED_FAILURES = new Set([
  "no-license-available",
  "app-not-deployed",
  "token-expired",
  "token-revoked",
  "location-claimed",
  "account-not-linked",
]);

/** Checks a request from a device check-in before anything is read or written (R24). */
const checkRequest = (request: unknown): E.Either<DomainError, InstallRequest> => {
  if (typeof request !== "object" || request === null) {
    return E.left(
      domainError("invalid-input", "invalid install request: must be an object", { path: "(root)" }),
    );
  }
  const { tenantId, adamId, userId, at } = request as Record<string, unknown>;
  const ids = [
    checkId("identifier", "tenantId", tenantId),
    checkId("adamId", "adamId", adamId),
    checkId("identifier", "userId", userId),
  ];
  for (const id of ids) if (E.isLeft(id)) return id;
  if (typeof at !== "string" || Number.isNaN(toMillis(at))) {
    return E.left(
      domainError("invalid-input", "invalid at: must be an ISO-8601 date-time with offset", { path: "at" }),
    );
  }
  return E.right({ tenantId: tenantId as string, adamId: adamId as string, userId: userId as string, at });
};

/**
 * The install workflow across both aggregates (R5, R6, R12, R13, R15, R16): check that the account may assign,
 * invite a user who has not accepted the VPP terms and record the waiting request, otherwise assign a license or
 * record why none could be. Sub-command ids derive from `context.commandId`, so retrying the whole workflow with
 * the same id never doubles an event. Never rejects: a request outside the identifier grammar is an
 * `invalid-input` `Left` before anything is written, and storage failures are a `Left` too (see `retryable`).
 */
export const requestInstall = async (
  ledger: VppLedger,
  request: InstallRequest,
  context: CallContext,
): Promise<E.Either<CommandFailure, InstallOutcome>> => {
  const checked = checkRequest(request);
  if (E.isLeft(checked)) return checked;
  const { tenantId, adamId, userId, at } = checked.right;
  const step = (name: string): CallContext => ({
    ...context,
    commandId: `${context.commandId}/${name}`,
    correlationId: context.correlationId ?? context.commandId,
    causationId: context.commandId,
  });
  const fail = async (reason: DomainError): Promise<E.Either<CommandFailure, InstallOutcome>> => {
    const recorded = await ledger.license(
      tenantId,
      adamId,
      {
        type: "RecordInstallFailure",
        data: { userId, reason: { code: reason.code, message: reason.message }, at },
      },
      step("record-failure"),
    );
    return E.map(() => ({ status: "failed" as const, reason }))(recorded);
  };

  let account: Awaited<ReturnType<VppLedger["loadAccount"]>>;
  try {
    account = await ledger.loadAccount(tenantId);
  } catch (error) {
    return E.left(asLedgerError(error, `install of ${adamId}: load the account`));
  }
  const allowed = canAssignLicenses(account.state, at);
  if (E.isLeft(allowed)) return fail(allowed.left);

  const terms = account.state.users.get(userId);
  if (terms !== "accepted") {
    const requested = await ledger.license(
      tenantId,
      adamId,
      { type: "RequestInstall", data: { userId, at } },
      step("request"),
    );
    if (E.isLeft(requested)) return requested;
    if (
      requested.right.events.length === 0 &&
      requested.right.written === false &&
      requested.right.state.holders.has(userId)
    ) {
      return E.right({ status: "already-assigned" });
    }
    if (terms === "invited") return E.right({ status: "awaiting-terms", invited: false });
    const invited = await ledger.account(
      tenantId,
      { type: "InviteUser", data: { userId, at } },
      step("invite"),
    );
    return E.map(() => ({ status: "awaiting-terms" as const, invited: true }))(invited);
  }

  const assigned = await ledger.license(
    tenantId,
    adamId,
    { type: "AssignLicense", data: { userId, termsAccepted: true, at } },
    step("assign"),
  );
  if (E.isRight(assigned)) {
    const fresh = assigned.right.events.some((event) => event.type === "LicenseAssigned");
    return E.right({ status: fresh ? "assigned" : "already-assigned" });
  }
  const rejection = assigned.left;
  if (isDomainError(rejection) && RECORDED_FAILURES.has(rejection.code)) return fail(rejection);
  return assigned;
};
