import { toMillis } from "../shared/time.js";
import type { VppAccountState } from "./state.js";
import type { TokenHealth } from "./token-health.js";

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
