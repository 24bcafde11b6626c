import { createHash } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import { toIso, toMillis } from "../shared/time.js";

/** What vpp-ledger keeps of an Apple content token (`.vpptoken`): everything but the secret. */
export interface VppTokenInfo {
  /** Apple organization (location) the token belongs to: the identity R2 compares. */
  readonly orgName: string;
  /** Expiry from the token itself (`expDate`), normalised to UTC ISO-8601. */
  readonly expiresAt: string;
  /** `sha256:<hex>` of the whole token: recognises a token without storing it. */
  readonly fingerprint: string;
}

/** Stable code of every way a token file can be malformed. */
export type TokenMalformed = DomainError<"token-malformed">;

const malformed = (reason: string): TokenMalformed =>
  domainError(
    "token-malformed",
    `the VPP token is malformed: ${reason}; download the .vpptoken file again from Apple Business Manager or Apple School Manager and upload it unchanged`,
  );

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The fingerprint of a token: SHA-256 of its exact content. Safe to store and log; the same token always gives
 * the same fingerprint, so re-uploads and renewals are told apart without keeping the secret.
 */
export const vppTokenFingerprint = (token: string): string =>
  `sha256:${createHash("sha256").update(token.trim(), "utf8").digest("hex")}`;

/**
 * Reads a `.vpptoken` file: base64 of JSON `{ token, expDate, orgName }` (Apple). Never echoes the content in
 * an error. Expiry is not judged here: that needs the command's time.
 */
export const parseVppToken = (content: string): E.Either<TokenMalformed, VppTokenInfo> => {
  const compact = content.replace(/\s+/g, "");
  if (compact.length === 0) return E.left(malformed("the file is empty"));
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return E.left(malformed("it is not base64"));
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(compact, "base64").toString("utf8"));
  } catch {
    return E.left(malformed("its decoded content is not JSON"));
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return E.left(malformed("its decoded content is not a JSON object"));
  }
  const { token, expDate, orgName } = json as Record<string, unknown>;
  if (typeof token !== "string" || token.length === 0)
    return E.left(malformed('the "token" field is missing'));
  if (typeof orgName !== "string" || orgName.trim().length === 0) {
    return E.left(malformed('the "orgName" field is missing'));
  }
  if (typeof expDate !== "string") return E.left(malformed('the "expDate" field is missing'));
  const expires = toMillis(expDate);
  if (Number.isNaN(expires)) return E.left(malformed('the "expDate" field is not an ISO-8601 date'));
  return E.right({
    orgName: orgName.trim(),
    expiresAt: toIso(expires),
    fingerprint: vppTokenFingerprint(compact),
  });
};
