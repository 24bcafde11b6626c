import {
  type CallContext,
  type CommandFailure,
  type CommandResult,
  checkId,
  type DomainError,
  decodeVppAccountCommand,
  domainError,
  type VppAccountCommand,
  type VppAccountEvent,
  type VppAccountState,
  type VppLedger,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { TokenVault } from "../vault/port.js";
import { appleAccountId } from "./account-id.js";
import {
  checkLinkLocation,
  type LinkLocationCheck,
  type LocationMismatchError,
  type LocationNotCheckedError,
} from "./link-location.js";

/** What {@link linkAccount} needs. */
export interface LinkAccountDeps {
  readonly ledger: VppLedger;
  readonly vault: TokenVault;
  /**
   * Asks Apple which location the token opens (GET client/config) before anything is written: its `uId`, the
   * location's identity (its name is for display and may repeat), must be the account's. A renewal of the same
   * location passes; a token of another location is refused (`location-mismatch`) even under the same name.
   * The first link remembers the `uId` in `cursors`, where the sync checks it too.
   */
  readonly location?: LinkLocationCheck;
}

/** An admin's token upload (R1–R3, R5): the `.vpptoken` file as downloaded from Apple, and what the admin typed. */
export interface LinkAccountRequest {
  readonly tenantId: string;
  /** The whole `.vpptoken` content. Apple's sToken is this string: the bearer every call sends. */
  readonly tokenFile: string;
  readonly tokenName: string;
  readonly appleId: string;
  /** R3: the admin acknowledged that this tenant can never switch to another Apple location. */
  readonly acknowledgedSingleAccount: boolean;
  readonly at: string;
}

/** The ledger accepted the token but the vault could not store it. Upload the same file again. */
export class TokenNotStoredError extends Error {
  readonly code = "token-not-stored";
  readonly retryable = true;
  constructor(
    readonly tenantId: string,
    cause: unknown,
  ) {
    super(
      `the VPP token of tenant ${tenantId} was accepted but could not be stored in the vault; upload the same ` +
        "file again (the ledger will not record it twice)",
      { cause },
    );
    this.name = "TokenNotStoredError";
  }
}

/**
 * Why a link did not complete: the request itself (`invalid-input`: a blank or over-long token name, a blank
 * Apple ID, a tenant id outside the grammar…), the ledger's refusal (expired, other location, no
 * acknowledgement…) or the vault.
 */
export type LinkAccountFailure =
  | CommandFailure
  | TokenNotStoredError
  | LocationMismatchError
  | LocationNotCheckedError;

/** A token file as a bearer value: the file's content without the line breaks an editor or a download adds. */
const bearerOf = (tokenFile: string): string => tokenFile.replace(/\s+/g, "");

/** The ledger's command for an upload. */
type UploadTokenCommand = Extract<VppAccountCommand, { readonly type: "UploadToken" }>;

const notAnObject = domainError("invalid-input", "invalid link request: it must be an object", {
  path: "(root)",
  expected: "object",
});

/**
 * The request as the ledger's own `UploadToken`, decoded by the ledger's codec (R24): whatever the caller's
 * types said, nothing the ledger would refuse as input goes any further, least of all into the vault.
 */
const checkRequest = (
  request: unknown,
): E.Either<
  DomainError<"invalid-input" | "unknown-message-type">,
  { tenantId: string; command: UploadTokenCommand }
> => {
  if (typeof request !== "object" || request === null) return E.left(notAnObject);
  const { tenantId, tokenFile, tokenName, appleId, acknowledgedSingleAccount, at } = request as Partial<
    Record<keyof LinkAccountRequest, unknown>
  >;
  const tenant = checkId("identifier", "tenantId", tenantId);
  if (E.isLeft(tenant)) return tenant;
  const decoded = decodeVppAccountCommand({
    type: "UploadToken",
    data: { token: tokenFile, tokenName, appleId, acknowledgedSingleAccount, at },
  });
  if (E.isLeft(decoded)) return decoded;
  const command = decoded.right;
  return command.type === "UploadToken"
    ? E.right({ tenantId: tenant.right, command })
    : E.left(domainError("unknown-message-type", "invalid link request: not an upload"));
};

/**
 * Links the tenant's Apple location, or renews its token (R1–R3, R5): the request is first decoded as the
 * ledger's `UploadToken` (a blank or 300-character token name, a blank Apple ID, a tenant id outside the
 * grammar: `invalid-input`, and nothing is written anywhere), then, with `deps.location`, checked with Apple:
 * the token's location `uId` must be the account's (`location-mismatch`, `location-not-checked`), then sent
 * through the ledger, which keeps only
 * the token's fingerprint, then, only if the ledger accepted it, the token goes into the vault under
 * {@link appleAccountId}, where the tenant's Apple client reads it. The secret never enters an event, a log
 * or an error. Safe to repeat: an unchanged upload records nothing and stores the same token again, which is
 * how a failed vault write is retried.
 */
export const linkAccount = async (
  deps: LinkAccountDeps,
  request: LinkAccountRequest,
  context: CallContext,
): Promise<E.Either<LinkAccountFailure, CommandResult<VppAccountState, VppAccountEvent>>> => {
  const checked = checkRequest(request);
  if (E.isLeft(checked)) return checked;
  const { tenantId, command } = checked.right;
  const bearer = bearerOf(command.data.token);
  const location = deps.location ? await checkLinkLocation(deps.location, tenantId, bearer) : undefined;
  if (location instanceof Error) return E.left(location);
  const uploaded = await deps.ledger.account(tenantId, command, context);
  if (E.isLeft(uploaded)) return uploaded;
  try {
    await deps.vault.put(appleAccountId(tenantId), bearer);
  } catch (error) {
    return E.left(new TokenNotStoredError(tenantId, error));
  }
  if (deps.location && location && !location.known) {
    const cursors = deps.location.cursors;
    // Best effort, like the sync's cursor: the next link or sync finds the location unknown and records it.
    await cursors
      .load(tenantId)
      .then((cursor) => cursors.save(tenantId, { ...cursor, locationUId: location.uId }))
      .catch(() => undefined);
  }
  return uploaded;
};
