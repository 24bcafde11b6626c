import {
  type CommandFailure,
  type TokenHealth,
  tokenHealthAt,
  type VppAccountState,
  type VppLedger,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

/** The actor of the scheduler's own commands (R18). */
export const SCHEDULER_ACTOR = { kind: "schedule", id: "sync-scheduler" } as const;

/**
 * The command id of a tick's health check: one per account, UTC day and the health the tick expects to find.
 * The day makes a repeated tick a no-op; the health keeps two crossings on one day apart (expired in the
 * morning, renewed by noon), whose events would otherwise share an id with different content.
 */
export const tokenHealthCommandId = (tenantId: string, at: string, health: TokenHealth | null): string =>
  `token-health:${tenantId}:${at.slice(0, 10)}:${health ?? "unlinked"}`;

/**
 * Sends `CheckTokenHealth { at }` to the account (R23). The ledger records `TokenHealthChanged` only when the
 * health crossed a line since the last record, so sending it on every tick is safe; it is what records
 * "expired" once no sync starts any more (the HealthReactor checks only on token changes and sync starts).
 * `state` is the account the tick loaded; the ledger decides on the current one. Returns the health recorded
 * now, or null when nothing changed.
 */
export const checkTokenHealth = async (
  ledger: VppLedger,
  tenantId: string,
  state: VppAccountState,
  at: string,
): Promise<E.Either<CommandFailure, TokenHealth | null>> => {
  const result = await ledger.account(
    tenantId,
    { type: "CheckTokenHealth", data: { at } },
    {
      commandId: tokenHealthCommandId(tenantId, at, tokenHealthAt(state, at)),
      actor: SCHEDULER_ACTOR,
      correlationId: `token-health:${tenantId}`,
    },
  );
  if (E.isLeft(result)) return result;
  const changed = result.right.events.find((event) => event.type === "TokenHealthChanged");
  return E.right(changed?.type === "TokenHealthChanged" ? changed.data.health : null);
};
