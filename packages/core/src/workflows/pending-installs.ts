import type * as E from "fp-ts/lib/Either.js";
import type { CommandFailure } from "../app/command.js";
import type { LedgerEvent } from "../ledger/streams.js";
import { type InstallOutcome, type InstallRequest, requestInstall } from "./install.js";
import type { VppLedger } from "./ledger.js";

/**
 * Tracks install requests waiting for the user's VPP terms (R15), from the global log. When a `TermsAccepted`
 * arrives, {@link PendingInstalls.apply} returns the requests to resume. Pure bookkeeping: feed it every ledger
 * event in log order (a rebuild gives the same answers).
 */
export class PendingInstalls {
  readonly #pending = new Map<string, Set<string>>();

  /** Applies one event; returns the installs that may proceed because of it. */
  apply(ledgerEvent: LedgerEvent): InstallRequest[] {
    const { tenantId, event } = ledgerEvent;
    if (ledgerEvent.aggregate === "License") {
      const key = `${tenantId}:${"userId" in event.data ? event.data.userId : ""}`;
      if (event.type === "InstallRequested") {
        const apps = this.#pending.get(key) ?? new Set<string>();
        apps.add(ledgerEvent.adamId);
        this.#pending.set(key, apps);
      } else if (event.type === "LicenseAssigned" || event.type === "InstallFailed") {
        this.#pending.get(key)?.delete(ledgerEvent.adamId);
      }
      return [];
    }
    if (event.type !== "TermsAccepted") return [];
    const key = `${tenantId}:${event.data.userId}`;
    const apps = this.#pending.get(key);
    this.#pending.delete(key);
    return [...(apps ?? [])]
      .sort()
      .map((adamId) => ({ tenantId, adamId, userId: event.data.userId, at: event.data.at }));
  }

  /** Forgets every waiting request (before a rebuild from the log). */
  clear(): void {
    this.#pending.clear();
  }

  /** Requests still waiting, for monitoring. */
  get size(): number {
    let n = 0;
    for (const apps of this.#pending.values()) n += apps.size;
    return n;
  }
}

/** An install the workflow ran again because the user accepted the VPP terms, and how it ended. */
export interface ResumedInstall {
  readonly request: InstallRequest;
  readonly outcome: E.Either<CommandFailure, InstallOutcome>;
}

/**
 * Applies an event and runs the install workflow for every request it unblocks. Command ids derive from the
 * triggering event id, so replaying the log (at-least-once delivery) never assigns twice.
 */
export const resumeInstalls = async (
  ledger: VppLedger,
  pending: PendingInstalls,
  ledgerEvent: LedgerEvent,
): Promise<ResumedInstall[]> => {
  const resumed: ResumedInstall[] = [];
  for (const request of pending.apply(ledgerEvent)) {
    resumed.push({
      request,
      outcome: await requestInstall(ledger, request, {
        commandId: `resume-install:${ledgerEvent.place.eventId}:${request.adamId}`,
        actor: { kind: "system", id: "install-workflow" },
        causationId: ledgerEvent.place.eventId,
      }),
    });
  }
  return resumed;
};
