import type { Failure } from "@vpp-ledger/core";
import { type AppleWork, workKey } from "./work.js";

/** A piece of work waiting in a lane. */
export interface Entry {
  readonly work: AppleWork;
  /** When the work was queued (real ms): a partial request waits up to `lingerMs` for more. */
  readonly queuedAt: number;
  readonly attempts: number;
  /** Not sent before this time (real ms): the back-off of a retry. */
  readonly notBefore: number;
  /** Send in a request of its own (Apple refused the batch it was in as a whole). */
  readonly alone: boolean;
  readonly lastFailure?: Failure;
}

/** Apple's live limits a plan respects. */
export interface PlanLimits {
  readonly maxClientUserIds: number;
  readonly maxSerialNumbers: number;
  readonly maxUsers: number;
  readonly maxRevokeClientUserIds: number;
  readonly maxRevokeSerialNumbers: number;
}

/** What to send now, and when to look again (the next retry due, or the end of a linger). */
export interface Plan {
  readonly requests: ReadonlyArray<ReadonlyArray<Entry>>;
  readonly wake?: number;
}

const groupOf = (entry: Entry): string => {
  const { work } = entry;
  if (entry.alone) return `alone\u0000${workKey(work)}`;
  // One revoke request names users and devices together: one group for both.
  if (work.operation === "revoke") return "revoke";
  const holder = work.serialNumber === undefined ? "user" : "device";
  return `${work.operation}\u0000${work.adamId ?? ""}\u0000${holder}`;
};

const limitOf = (work: AppleWork | undefined, limits: PlanLimits): number => {
  if (work?.operation === "revoke")
    return work.serialNumber === undefined ? limits.maxRevokeClientUserIds : limits.maxRevokeSerialNumbers;
  if (work?.adamId === undefined) return limits.maxUsers;
  return work.serialNumber === undefined ? limits.maxClientUserIds : limits.maxSerialNumbers;
};

const isDevice = (entry: Entry): boolean => entry.work.serialNumber !== undefined;

/**
 * Cuts a group into requests: users and devices of a revoke side by side (each at its own limit), other work
 * at one limit. `full` is whether the request reached a limit (one that did not may wait for more).
 */
const cut = (group: ReadonlyArray<Entry>, limits: PlanLimits): Array<{ entries: Entry[]; full: boolean }> => {
  const chunks = (list: ReadonlyArray<Entry>, size: number): Entry[][] =>
    Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
  const first = group[0]?.work;
  if (first?.operation !== "revoke" || group.length === 1) {
    const size = Math.max(1, limitOf(first, limits));
    return chunks(group, size).map((entries) => ({ entries, full: entries.length === size }));
  }
  const userSize = Math.max(1, limits.maxRevokeClientUserIds);
  const deviceSize = Math.max(1, limits.maxRevokeSerialNumbers);
  const users = chunks(
    group.filter((entry) => !isDevice(entry)),
    userSize,
  );
  const devices = chunks(group.filter(isDevice), deviceSize);
  return Array.from({ length: Math.max(users.length, devices.length) }, (_, i) => {
    const u = users[i] ?? [];
    const d = devices[i] ?? [];
    return { entries: [...u, ...d], full: u.length === userSize || d.length === deviceSize };
  });
};

/**
 * Groups the due entries (in queue order) by operation, app and kind of holder (a location revoke: users and
 * devices together), and cuts each group into requests at Apple's limits (a revoke's own limits). A group's last request that is not full waits while its oldest work is younger
 * than `lingerMs`, unless `force` (the log was read to its end) or the group holds retries. Pure.
 */
export const planRequests = (
  entries: Iterable<Entry>,
  limits: PlanLimits,
  options: { readonly now: number; readonly lingerMs: number; readonly force: boolean },
): Plan => {
  const { now, lingerMs, force } = options;
  const groups = new Map<string, Entry[]>();
  let wake: number | undefined;
  const later = (at: number) => {
    wake = Math.min(wake ?? at, at);
  };
  for (const entry of entries) {
    if (entry.notBefore > now) {
      later(entry.notBefore);
      continue;
    }
    const list = groups.get(groupOf(entry)) ?? [];
    list.push(entry);
    groups.set(groupOf(entry), list);
  }
  const requests: Entry[][] = [];
  for (const group of groups.values()) {
    const oldest = Math.min(...group.map((entry) => entry.queuedAt));
    const fresh = group.every((entry) => entry.attempts === 0 && !entry.alone);
    const waits = !force && fresh && now - oldest < lingerMs;
    for (const { entries, full } of cut(group, limits)) {
      if (waits && !full) later(oldest + lingerMs);
      else requests.push(entries);
    }
  }
  return wake === undefined ? { requests } : { requests, wake };
};
