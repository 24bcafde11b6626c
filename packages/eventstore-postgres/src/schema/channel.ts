import { createHash } from "node:crypto";

/**
 * The NOTIFY channel on which appends to `schema` are announced (migration 4). One per schema, so a processor
 * wakes only for its own store. A channel name is an identifier of at most 63 bytes and schema names may take
 * all 63, so the channel carries a digest of the schema instead of the name itself: lower-case letters, digits
 * and `_` only, so it needs no quoting in `LISTEN` (PGlite's `listen` sends the name unquoted).
 *
 * @example appendChannel("vpp_ledger") // "vpp_ledger_appended_" followed by 16 hex digits
 */
export const appendChannel = (schema: string): string =>
  `vpp_ledger_appended_${createHash("sha256").update(schema).digest("hex").slice(0, 16)}`;
