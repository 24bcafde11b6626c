import { randomUUID } from "node:crypto";
import { type ErrorResponse, errorResponse } from "../errors.js";
import type { OperationCompletion } from "../options.js";
import type { Cancel, SimClock } from "../realism/clock.js";
import type { Location } from "./location.js";

/** The kind of async work an operation stands for (Apple's `eventType`). */
export type OperationType = "ASSOCIATE" | "DISASSOCIATE" | "REVOKE" | "CREATE" | "UPDATE" | "RETIRE";
/** The state of an operation (Apple's `eventStatus`). */
export type OperationStatus = "PENDING" | "COMPLETE" | "FAILED";

/** What running an operation did: how many requested items succeeded, and one ErrorResponse per failure. */
export interface OperationOutcome {
  readonly numCompleted: number;
  readonly failures: readonly ErrorResponse[];
}

/** An accepted async request: an Apple operation, which Apple's wire format calls an event. */
export interface SimOperation {
  /** Served to clients as Apple's `eventId`. */
  readonly operationId: string;
  readonly location: Location;
  readonly type: OperationType;
  readonly numRequested: number;
  status: OperationStatus;
  numCompleted: number;
  failures: readonly ErrorResponse[];
}

interface PendingWork {
  readonly operation: SimOperation;
  readonly run: () => OperationOutcome;
}

/**
 * Holds async operations and runs them when the completion mode says so. The work runs against the state at
 * completion time, as Apple's does: an association accepted while licenses were free can still fail with 9709.
 */
export class OperationRegistry {
  private readonly operations = new Map<string, SimOperation>();
  private readonly pending = new Map<string, PendingWork>();
  private readonly timers = new Set<Cancel>();

  constructor(
    private readonly mode: OperationCompletion | "realistic",
    private readonly clock: SimClock,
    /** The simulated PENDING time of one operation in "realistic" mode (drawn from the seeded random source). */
    private readonly pendingMs: () => number = () => 0,
  ) {}

  /** Records a PENDING operation whose work runs later. */
  submit(
    location: Location,
    type: OperationType,
    numRequested: number,
    run: () => OperationOutcome,
  ): SimOperation {
    const operation: SimOperation = {
      operationId: randomUUID(),
      location,
      type,
      numRequested,
      status: "PENDING",
      numCompleted: 0,
      failures: [],
    };
    this.operations.set(operation.operationId, operation);
    this.pending.set(operation.operationId, { operation, run });
    return operation;
  }

  /** Called once the accepting response has been sent: applies the completion mode. */
  responseSent(operation: SimOperation): void {
    const mode = this.mode;
    if (mode === "manual") return;
    if (mode === "immediate") {
      this.complete(operation.operationId);
      return;
    }
    const delay = mode === "realistic" ? this.pendingMs() : mode.afterMs;
    const cancel = this.clock.schedule(delay, () => {
      this.timers.delete(cancel);
      this.complete(operation.operationId);
    });
    this.timers.add(cancel);
  }

  /** Runs one pending operation now; returns false when it is not pending. */
  complete(operationId: string): boolean {
    const work = this.pending.get(operationId);
    if (work === undefined) return false;
    this.pending.delete(operationId);
    const { operation } = work;
    let outcome: OperationOutcome;
    try {
      outcome = work.run();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      outcome = { numCompleted: 0, failures: [errorResponse(9603, `Simulator fault: ${detail}`)] };
    }
    operation.numCompleted = outcome.numCompleted;
    operation.failures = outcome.failures;
    operation.status = outcome.failures.length === 0 ? "COMPLETE" : "FAILED";
    return true;
  }

  /** Runs every pending operation in submission order; returns how many ran. */
  completePending(): number {
    let count = 0;
    for (const operationId of [...this.pending.keys()]) if (this.complete(operationId)) count += 1;
    return count;
  }

  /**
   * The operation, only if it belongs to this location's library (another location's operation is unknown:
   * 9708). A renewed token sees the operations of the token it replaced.
   */
  get(operationId: string, location: Location): SimOperation | undefined {
    const operation = this.operations.get(operationId);
    return operation?.location.library === location.library ? operation : undefined;
  }

  /** How many operations still wait. */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Cancels scheduled completions (on close). */
  dispose(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
