import { addDays, addHours, addMinutes } from "date-fns";
import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import { toIso, toMillis } from "../shared/time.js";
import type { VppAccountState } from "./state.js";

/** Tunable timings of an account. Defaults follow the product: sync every 12 hours (R7). */
export interface VppAccountPolicy {
  /** Hours between scheduled syncs. */
  readonly syncIntervalHours: number;
  /** A sync running longer than this is presumed dead (crashed host) and may be replaced. */
  readonly syncLeaseMinutes: number;
  /** A token expiring within this many days shows as "expiring-soon" (R4). */
  readonly expiringSoonDays: number;
}

/** The defaults: 12 h sync interval, 60 min sync lease, 30 days expiry warning. */
export const defaultVppAccountPolicy: VppAccountPolicy = {
  syncIntervalHours: 12,
  syncLeaseMinutes: 60,
  expiringSoonDays: 30,
};

/** The state shown on the account page (R4). */
export type AccountStatus =
  | "unlinked"
  | "active"
  | "expiring-soon"
  | "expired"
  | "revoked"
  | "claimed-by-other-mdm";

const isAfterOrAt = (at: string, limit: string): boolean => toMillis(at) >= toMillis(limit);

/** The account's state at `at`. A claim by another MDM outranks a revoked token, which outranks expiry. */
export const accountStatus = (
  state: Pick<VppAccountState, "link" | "claimedBy">,
  at: string,
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): AccountStatus => {
  const { link } = state;
  if (!link) return "unlinked";
  if (state.claimedBy) return "claimed-by-other-mdm";
  if (link.revokedAt) return "revoked";
  if (isAfterOrAt(at, link.expiresAt)) return "expired";
  const warnFrom = addDays(toMillis(link.expiresAt), -policy.expiringSoonDays).getTime();
  return toMillis(at) >= warnFrom ? "expiring-soon" : "active";
};

/** When the schedule next asks for a sync: right after linking, then every `syncIntervalHours` (R7). */
export const nextScheduledSync = (
  state: VppAccountState,
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): string | null => {
  if (!state.link) return null;
  const last = state.sync.lastStartedAt;
  return last === null
    ? state.link.linkedAt
    : toIso(addHours(toMillis(last), policy.syncIntervalHours).getTime());
};

/** True when a sync is running and its lease has not run out at `at`. */
export const isSyncRunning = (
  state: VppAccountState,
  at: string,
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): boolean => {
  const running = state.sync.running;
  if (!running) return false;
  return toMillis(at) < addMinutes(toMillis(running.startedAt), policy.syncLeaseMinutes).getTime();
};

/** True when the schedule should start a sync at `at`: due, allowed and none running. */
export const isSyncDue = (
  state: VppAccountState,
  at: string,
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): boolean => {
  const next = nextScheduledSync(state, policy);
  return (
    next !== null &&
    isAfterOrAt(at, next) &&
    E.isRight(canTalkToApple(state, at)) &&
    !isSyncRunning(state, at, policy)
  );
};

/** Whether Apple may be called for this account at `at` (R5 expired, R6 claimed, revoked token). */
export const canTalkToApple = (state: VppAccountState, at: string): E.Either<DomainError, void> => {
  const { link } = state;
  if (!link)
    return E.left(domainError("account-not-linked", "no VPP token has been uploaded for this tenant yet"));
  if (state.claimedBy) {
    return E.left(
      domainError(
        "location-claimed",
        `another MDM product ("${state.claimedBy.mdmName}") manages this Apple location; an admin must restore ownership or upload a token of another location`,
        { mdmId: state.claimedBy.mdmId },
      ),
    );
  }
  if (link.revokedAt) {
    return E.left(domainError("token-revoked", "Apple revoked the VPP token; upload a renewed token"));
  }
  if (isAfterOrAt(at, link.expiresAt)) {
    return E.left(
      domainError("token-expired", `the VPP token expired at ${link.expiresAt}; upload a renewed token`, {
        expiresAt: link.expiresAt,
      }),
    );
  }
  return E.right(undefined);
};

/** Whether new licenses may be assigned at `at`: the same conditions as calling Apple (R5, R6). */
export const canAssignLicenses = canTalkToApple;
