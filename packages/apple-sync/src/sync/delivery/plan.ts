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
}

/** What to send now, and when to look again (the next retry due, or the end of a linger). */
export interface Plan {
  readonly requests: ReadonlyArray<ReadonlyArray<Entry>>;
  readonly wake?: number;
}

const groupOf = (entry: Entry): string => {
  const { work } = entry;
  if (entry.alone) return `alone\u0000${workKey(work)}`;
  const holder = work.serialNumber === undefined ? "user" : "device";
  return `${work.operation}\u0000${work.adamId ?? ""}\u0000${holder}`;
};

const limitOf = (work: AppleWork | undefined, limits: PlanLimits): number =>
  work?.adamId === undefined
    ? limits.maxUsers
    : work.serialNumber === undefined
      ? limits.maxClientUserIds
      : limits.maxSerialNumbers;

/**
 * Groups the due entries (in queue order) by operation, app and kind of holder, and cuts each group into
 * requests at Apple's limits. A group's last request that is not full waits while its oldest work is younger
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
    const size = Math.max(1, limitOf(group[0]?.work, limits));
    const oldest = Math.min(...group.map((entry) => entry.queuedAt));
    const fresh = group.every((entry) => entry.attempts === 0 && !entry.alone);
    const waits = !force && fresh && now - oldest < lingerMs;
    const count = waits ? group.length - (group.length % size) : group.length;
    if (count < group.length) later(oldest + lingerMs);
    for (let start = 0; start < count; start += size) requests.push(group.slice(start, start + size));
  }
  return wake === undefined ? { requests } : { requests, wake };
};
