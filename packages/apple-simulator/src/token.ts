import { createHash, randomBytes } from "node:crypto";

/** A fresh random sToken, shaped like Apple's (88 base64 characters). */
export const randomSToken = (): string => randomBytes(64).toString("base64");

/**
 * A short, stable, non-reversible name for a secret, safe to log and to compare in tests: the first 12 hex
 * characters of its SHA-256.
 */
export const fingerprint = (secret: string): string =>
  createHash("sha256").update(secret).digest("hex").slice(0, 12);

/** Formats a date the way Apple does in `tokenExpirationDate` and `expDate`: `2030-11-08T22:33:22+0000`. */
export const formatAppleDate = (date: Date): string => `${date.toISOString().slice(0, 19)}+0000`;

/** The decoded content of a `.vpptoken` file. */
export interface VppTokenFileContent {
  readonly token: string;
  readonly expDate: string;
  readonly orgName: string;
}

/** Encodes a `.vpptoken` file: base64 of `{"token", "expDate", "orgName"}`. */
export const encodeVppTokenFile = (content: VppTokenFileContent): string =>
  Buffer.from(JSON.stringify(content), "utf8").toString("base64");

/** Random lowercase hex of `bytes` bytes, for ids Apple leaves opaque (idHash, inviteCode). */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex");

/** A random numeric uId, shaped like Apple's library ids (16 digits). */
export const randomUId = (): string =>
  `${1 + ((randomBytes(1)[0] ?? 0) % 9)}${BigInt(`0x${randomHex(8)}`)
    .toString()
    .padStart(15, "0")
    .slice(0, 15)}`;
