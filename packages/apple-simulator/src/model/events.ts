import { randomUUID } from "node:crypto";
import { type ErrorResponse, errorResponse } from "../errors.js";
import type { EventCompletion } from "../options.js";
import type { Cancel, SimClock } from "../realism/clock.js";
import type { Location } from "./location.js";

/** The kind of async work an event stands for (Apple's `eventType`). */
export type EventType = "ASSOCIATE" | "DISASSOCIATE" | "REVOKE" | "CREATE" | "UPDATE" | "RETIRE";
/** Apple's `eventStatus`. */
export type EventStatus = "PENDING" | "COMPLETE" | "FAILED";

/** What running an event did: how many requested items succeeded, and one ErrorResponse per failure. */
export interface EventOutcome {
  readonly numCompleted: number;
  readonly failures: readonly ErrorResponse[];
}

/** An accepted async request. */
export interface SimEvent {
  readonly eventId: string;
  readonly location: Location;
  readonly type: EventType;
  readonly numRequested: number;
  status: EventStatus;
  numCompleted: number;
  failures: readonly ErrorResponse[];
}

interface PendingWork {
  readonly event: SimEvent;
  readonly run: () => EventOutcome;
}

/**
 * Holds async events and runs them when the completion mode says so. The work runs against the state at
 * completion time, as Apple's does: an association accepted while licenses were free can still fail with 9709.
 */
export class EventRegistry {
  private readonly events = new Map<string, SimEvent>();
  private readonly pending = new Map<string, PendingWork>();
  private readonly timers = new Set<Cancel>();

  constructor(
    private readonly mode: EventCompletion | "realistic",
    private readonly clock: SimClock,
    /** The simulated PENDING time of one event in "realistic" mode (drawn from the seeded random source). */
    private readonly pendingMs: () => number = () => 0,
  ) {}

  /** Records a PENDING event whose work runs later. */
  submit(location: Location, type: EventType, numRequested: number, run: () => EventOutcome): SimEvent {
    const event: SimEvent = {
      eventId: randomUUID(),
      location,
      type,
      numRequested,
      status: "PENDING",
      numCompleted: 0,
      failures: [],
    };
    this.events.set(event.eventId, event);
    this.pending.set(event.eventId, { event, run });
    return event;
  }

  /** Called once the accepting response has been sent: applies the completion mode. */
  responseSent(event: SimEvent): void {
    const mode = this.mode;
    if (mode === "manual") return;
    if (mode === "immediate") {
      this.complete(event.eventId);
      return;
    }
    const delay = mode === "realistic" ? this.pendingMs() : mode.afterMs;
    const cancel = this.clock.schedule(delay, () => {
      this.timers.delete(cancel);
      this.complete(event.eventId);
    });
    this.timers.add(cancel);
  }

  /** Runs one pending event now; returns false when it is not pending. */
  complete(eventId: string): boolean {
    const work = this.pending.get(eventId);
    if (work === undefined) return false;
    this.pending.delete(eventId);
    const { event } = work;
    let outcome: EventOutcome;
    try {
      outcome = work.run();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      outcome = { numCompleted: 0, failures: [errorResponse(9603, `Simulator fault: ${detail}`)] };
    }
    event.numCompleted = outcome.numCompleted;
    event.failures = outcome.failures;
    event.status = outcome.failures.length === 0 ? "COMPLETE" : "FAILED";
    return true;
  }

  /** Runs every pending event in submission order; returns how many ran. */
  completePending(): number {
    let count = 0;
    for (const eventId of [...this.pending.keys()]) if (this.complete(eventId)) count += 1;
    return count;
  }

  /**
   * The event, only if it belongs to this location's library (another location's eventId is unknown: 9708).
   * A renewed token sees the events of the token it replaced.
   */
  get(eventId: string, location: Location): SimEvent | undefined {
    const event = this.events.get(eventId);
    return event?.location.library === location.library ? event : undefined;
  }

  /** How many events still wait. */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Cancels scheduled completions (on close). */
  dispose(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
