import type { Either } from "fp-ts/lib/Either.js";
import type { Message } from "../shared/decider.js";
import type { DomainError } from "../shared/errors.js";
import type { LedgerError } from "../store/errors.js";
import type { Actor, EventStore, SnapshotStore } from "../store/port.js";
import type { RetryBackoff } from "./backoff.js";
import type { AggregateStateCache } from "./state-cache.js";

/** Every command carries the time it happened in the domain; it becomes the events' `recordedAt`. */
export type TimedCommand = Message<string, { readonly at: string }>;

/** A snapshot operation that failed. Snapshots are a cache: the command goes on without them. */
export interface SnapshotFailure {
  readonly streamId: string;
  readonly stage: "load" | "decode" | "encode" | "save";
  readonly error: unknown;
}

/** What loading an aggregate needs. */
export interface LoadDeps {
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  /** Folded states of recently used streams, reused by later loads (see {@link AggregateStateCache}). */
  readonly stateCache?: AggregateStateCache;
  /** Told about every snapshot failure (for the host's logs); never fails the command. */
  readonly onSnapshotError?: (failure: SnapshotFailure) => void;
}

/** What {@link handleCommand} needs. */
export interface CommandHandlerDeps extends LoadDeps {
  /** Save a snapshot when an append crosses a multiple of N (and after loading N or more events); 100. */
  readonly snapshotEvery?: number;
  /** Attempts before giving up on a busy stream (each conflict backs off, reloads and decides again); 10. */
  readonly maxAttempts?: number;
  /**
   * Waits between a conflict and the next attempt, so writers that lost a race do not collide again at once;
   * {@link jitteredBackoff} with its defaults unless given.
   */
  readonly backoff?: RetryBackoff;
}

/** Who sends the command and how it is traced (R18). */
export interface CommandContext {
  /** Unique per command and stable across its retries: the event ids derive from it. */
  readonly commandId: string;
  readonly tenantId: string;
  readonly actor: Actor;
  /** Defaults to `commandId`. */
  readonly correlationId?: string;
  /** What directly caused the events; defaults to `commandId`. */
  readonly causationId?: string;
}

/** A command that was handled. */
export interface CommandResult<S, E> {
  readonly streamId: string;
  /**
   * The command's events: just written, or found already stored (a retried command). Empty when the decider
   * decided nothing.
   */
  readonly events: ReadonlyArray<E>;
  /** The state after the command (for a retried command: the stream's current state). */
  readonly state: S;
  /** The stream version `state` is at. */
  readonly version: bigint;
  /** Global position of the command's last event; 0n when it has none. */
  readonly lastGlobalPosition: bigint;
  /** False when nothing was written: the command's events were already stored, or it decided none. */
  readonly written: boolean;
  /** Attempts used (more than 1 after concurrent writers). */
  readonly attempts: number;
}

/** Why a command was not handled: the domain rejected it, or storage failed (`retryable` says if retry helps). */
export type CommandFailure = DomainError | LedgerError;

/** What a command handler answers: the command's result, or why it was not handled. */
export type CommandOutcome<S, E> = Either<CommandFailure, CommandResult<S, E>>;
