import type { LedgerEvent } from "../ledger/streams.js";
import { Holders } from "../license/holders.js";
import type { Workflow } from "../processing/workflow.js";
import type { InstallRequest } from "./install.js";

/** Installs waiting for their user's VPP terms (R15): `tenant NUL user` → the waiting adamIds, space-separated. */
export type WaitingInstalls = Holders;

/** What the install resumption decides: run the install workflow again for a request, under a command id. */
export interface ResumeInstall {
  readonly type: "resume-install";
  readonly request: InstallRequest;
  /** Derived from the triggering event, so performing it twice never assigns twice. */
  readonly commandId: string;
  readonly causationId: string;
}

const keyOf = (tenantId: string, userId: string): string => `${tenantId}\u0000${userId}`;

const appsOf = (state: WaitingInstalls, key: string): string[] => state.get(key)?.split(" ") ?? [];

const withApps = (state: WaitingInstalls, key: string, apps: ReadonlyArray<string>): WaitingInstalls => {
  const editor = state.edit();
  if (apps.length === 0) editor.delete(key);
  else editor.set(key, apps.join(" "));
  return editor.changed ? editor.done() : state;
};

const evolve = (state: WaitingInstalls, ledgerEvent: LedgerEvent): WaitingInstalls => {
  const { tenantId, event } = ledgerEvent;
  if (ledgerEvent.aggregate === "VppAccount") {
    return event.type === "TermsAccepted" ? withApps(state, keyOf(tenantId, event.data.userId), []) : state;
  }
  if (!("userId" in event.data)) return state;
  const key = keyOf(tenantId, event.data.userId);
  const apps = appsOf(state, key);
  if (event.type === "InstallRequested" && !apps.includes(ledgerEvent.adamId)) {
    return withApps(state, key, [...apps, ledgerEvent.adamId]);
  }
  if (
    (event.type === "LicenseAssigned" || event.type === "InstallFailed") &&
    apps.includes(ledgerEvent.adamId)
  ) {
    return withApps(
      state,
      key,
      apps.filter((adamId) => adamId !== ledgerEvent.adamId),
    );
  }
  return state;
};

const decide = (ledgerEvent: LedgerEvent, state: WaitingInstalls): ReadonlyArray<ResumeInstall> => {
  if (ledgerEvent.aggregate !== "VppAccount" || ledgerEvent.event.type !== "TermsAccepted") return [];
  const { userId, at } = ledgerEvent.event.data;
  const { tenantId, place } = ledgerEvent;
  return appsOf(state, keyOf(tenantId, userId))
    .sort()
    .map((adamId) => ({
      type: "resume-install",
      request: { tenantId, adamId, userId, at },
      commandId: `resume-install:${place.eventId}:${adamId}`,
      causationId: place.eventId,
    }));
};

/**
 * The install resumption workflow (R15): it remembers installs requested before the user accepted the VPP
 * terms, and when `TermsAccepted` arrives decides to run the install workflow again for each of them. Pure; its
 * state is a persistent map, so a step copies a few entries, never the whole waiting list.
 */
export const installResumption: Workflow<WaitingInstalls, ResumeInstall> = {
  initialState: Holders.empty,
  evolve,
  decide,
};

/** How many installs are waiting, for monitoring. */
export const waitingCount = (state: WaitingInstalls): number => {
  let count = 0;
  for (const apps of state.values()) count += apps.split(" ").length;
  return count;
};

/**
 * The waiting list as JSON for snapshots (`[tenantId, userId, adamIds]` triples: no NUL, which PostgreSQL's jsonb
 * refuses), and back; undefined for anything else, so an unreadable snapshot costs a rebuild from the log, never
 * a wrong list.
 */
export const waitingInstallsSnapshots = {
  encode: (state: WaitingInstalls): unknown =>
    [...state.entries()].map(([key, apps]) => [...key.split("\u0000"), apps]),
  decode: (data: unknown): WaitingInstalls | undefined => {
    if (!Array.isArray(data)) return undefined;
    const pairs: Array<readonly [string, string]> = [];
    for (const triple of data) {
      if (!Array.isArray(triple) || triple.length !== 3) return undefined;
      const [tenantId, userId, apps] = triple as unknown[];
      if (typeof tenantId !== "string" || typeof userId !== "string") return undefined;
      if (typeof apps !== "string" || apps.length === 0) return undefined;
      pairs.push([keyOf(tenantId, userId), apps]);
    }
    return Holders.from(pairs);
  },
} as const;
