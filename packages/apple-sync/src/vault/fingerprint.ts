import { createHash } from "node:crypto";

/**
 * A stable, non-reversible name for a token: `sha256:` + the hex SHA-256 of its UTF-8 bytes. Safe to log, to
 * store in events (detect a re-upload of the same token) and to key per-token state such as rate limits.
 */
export const tokenFingerprint = (sToken: string): string =>
  `sha256:${createHash("sha256").update(sToken, "utf8").digest("hex")}`;
