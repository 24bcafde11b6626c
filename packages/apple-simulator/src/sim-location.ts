/**
 * The simulator's test-facing location handle, as types: its own module so the handle and the actions it
 * includes can name each other without importing each other.
 */
import type { AssetSpec, PricingParam } from "./model/assets.js";
import type { ChurnKind } from "./realism/churn.js";
import type { LocationSnapshot } from "./snapshot.js";
import type { MdmInfo, ResponseAsset, ResponseAssignment, ResponseUser } from "./wire.js";

/** What `renewToken` takes. */
export interface TokenRenewal {
  /** ISO-8601 instant at which the new token expires. */
  readonly expiresAt: string;
  /** Whether the old token stops working at once (9625); default false: it works until its own expiry. */
  readonly revokePrevious?: boolean;
}

/** The actions of `locationActions`. */
export interface LocationActions {
  /**
   * The admin downloads a new content token for this location: a new sToken for the same `uId`, data,
   * operations and client config (not a separate library). Returns the handle of the new token.
   */
  renewToken(renewal: TokenRenewal): SimLocation;
  /**
   * An asset becomes unlimited (a free app) or limited again with `totalCount` licenses; sends UNLIMITED_ASSET
   * `{adamId, pricingParam, unlimited}` to subscribers when it changed.
   */
  setUnlimited(adamId: string, unlimited: boolean, totalCount?: number): void;
  /** Another MDM writes once now (what `realism.pagingChurnRate` does at random between pages). */
  churn(kind?: ChurnKind): void;
}

/** A user created by another MDM (or by hand in Apple Business Manager). */
export interface ForeignUserSpec {
  readonly clientUserId: string;
  readonly email?: string;
  readonly status?: "Registered" | "Associated";
}

/** A license assigned by another MDM: to a user (clientUserId) or a device (serialNumber). */
export interface ForeignAssignmentSpec {
  readonly adamId: string;
  /** Which of the adamId's assets (default: STDQ when owned, else PLUS). */
  readonly pricingParam?: PricingParam;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
}

/** The public handle of a simulated location (as reached through one token). */
export interface SimLocation extends LocationActions {
  /** Apple's library id, sent as `uId` on every response. */
  readonly uId: string;
  readonly orgName: string;
  readonly locationName: string;
  /** The bearer secret Apple would hand out (random). Never log it; use {@link fingerprint}. */
  readonly sToken: string;
  /** SHA-256 prefix of the token, as the request log shows it. */
  readonly fingerprint: string;
  /** The `.vpptoken` file content: base64 of `{"token","expDate","orgName"}`; also accepted as bearer. */
  vppTokenFile(): string;
  /** Adds a purchased asset. */
  addAsset(spec: AssetSpec): ResponseAsset;
  /**
   * Purchase, refund or transfer: sets `totalCount` and sends ASSET_COUNT with the delta unless `notify: false`.
   * `pricingParam` picks the asset when the adamId is owned under both.
   */
  setTotalCount(
    adamId: string,
    totalCount: number,
    options?: { readonly notify?: boolean; readonly pricingParam?: PricingParam },
  ): ResponseAsset;
  /** Adds a user that another MDM created. */
  addForeignUser(spec: ForeignUserSpec): ResponseUser;
  /** Adds an assignment that another MDM made; it takes a license like any other. */
  addForeignAssignment(spec: ForeignAssignmentSpec): ResponseAssignment;
  /** The user accepts the invitation: Associated with an idHash, and USER_ASSOCIATED is sent. */
  acceptInvitation(clientUserId: string): ResponseUser;
  /** Another MDM claims the location; every later response carries its mdmInfo. */
  setMdmInfo(mdmInfo: MdmInfo): void;
  /**
   * Words error `errorNumber` this way at this location from now on (`undefined`: Apple's wording again):
   * in error answers to its token, in operation `failures` and in notification `error`s. For clients' handling
   * of text Apple sends (an echoed token, a megabyte, control characters).
   */
  setErrorMessage(errorNumber: number, errorMessage: string | undefined): void;
  /** Apple revokes the token: later calls get 9625 (HTTP 401). */
  revokeToken(): void;
  /** The token expires now: later calls get 9621 (HTTP 401). */
  expireToken(): void;
  /** A read-only copy of everything the location holds, for assertions. */
  state(): LocationSnapshot;
}
