import * as t from "io-ts";
import { toMillis } from "../shared/time.js";
import type { VppAccountState } from "./state.js";

/**
 * The token's health as recorded events say it (R23): `ok`, expiring within 30 days, within 15 days, expired, or
 * revoked by Apple (9625). Each is a distinct state, recorded once per crossing.
 */
export const TokenHealth = t.keyof({
  ok: null,
  "expiring-30d": null,
  "expiring-15d": null,
  expired: null,
  revoked: null,
});
/** See {@link TokenHealth}. */
export type TokenHealth = t.TypeOf<typeof TokenHealth>;

const DAY = 86_400_000;

/** The token's health at `at`, from the linked token alone; null for an account with no token. */
export const tokenHealthAt = (state: VppAccountState, at: string): TokenHealth | null => {
  const { link } = state;
  if (!link) return null;
  if (link.revokedAt) return "revoked";
  const now = toMillis(at);
  const expires = toMillis(link.expiresAt);
  if (now >= expires) return "expired";
  // Whole days of 24 hours, so the warnings do not move with the host's time zone.
  if (now >= expires - 15 * DAY) return "expiring-15d";
  if (now >= expires - 30 * DAY) return "expiring-30d";
  return "ok";
};
