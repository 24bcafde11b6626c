import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../shared/decider.js";
import { asLedgerError, isLedgerError, type WrongExpectedVersion } from "../store/errors.js";
import { eventIdFor } from "../store/event-id.js";
import type { EventToAppend } from "../store/port.js";
import type { AggregateDefinition } from "./aggregate.js";
import { DEFAULT_MAX_ATTEMPTS, jitteredBackoff } from "./backoff.js";
import type {
  CommandContext,
  CommandFailure,
  CommandHandlerDeps,
  CommandResult,
  TimedCommand,
} from "./command.js";
import { ConcurrencyRetriesExhausted } from "./errors.js";
import { type LoadedStream, loadStream } from "./load-aggregate.js";
import { metadataOf, positiveInteger, prepareCommand } from "./prepare-command.js";
import { CommandTrace, findCommandEvents, resultFromStored } from "./retried-command.js";
import { saveSnapshot, snapshotDue } from "./snapshots.js";
import { checkEncodedEvents } from "./validate-call.js";

/** One back-off per process is enough: it holds no state, only its defaults. */
const defaultBackoff = jitteredBackoff();

type Outcome<S, E> = E.Either<CommandFailure, CommandResult<S, E>>;
/** One attempt either settles the command or lost to a concurrent writer that left the stream at `actual`. */
type Attempt<S, E> = { readonly settled: Outcome<S, E> } | { readonly conflict: bigint };

/**
 * Handles one command on one stream: decode, load (snapshot + tail), decide, check, append at the loaded version.
 * The command and its context are decoded first, whatever the caller's types said (JS callers, hostile input):
 * an unknown type or a value outside its codec is an `invalid-input` or `unknown-message-type` `Left`, and
 * every decided event is read back through its catalog before the append (an `invalid-event` `Left` otherwise),
 * so nothing that would fail to decode is ever stored (R24). A conflict reloads and decides again, up to
 * `maxAttempts`. A retried command (same `commandId`) whose events are already stored is answered from them
 * with `written: false` and is never decided twice: after its first success the state has moved on and a
 * second decision could differ. Expected failures are a `Left`, never thrown: the domain's
 * {@link DomainError} or a `LedgerError` (`retryable` says whether sending the
 * same command again may succeed; after a `StoreUnavailable` the append may or may not have happened, and the
 * retry settles it). Only a misconfigured `deps` (a non-positive `maxAttempts`) throws.
 */
export const handleCommand = async <C extends TimedCommand, Ev extends Message, S>(
  deps: CommandHandlerDeps,
  aggregate: AggregateDefinition<C, Ev, S>,
  streamId: string,
  command: NoInfer<C>,
  context: CommandContext,
): Promise<Outcome<S, Ev>> => {
  const maxAttempts = positiveInteger(deps.maxAttempts, DEFAULT_MAX_ATTEMPTS, "maxAttempts");
  const snapshotEvery = positiveInteger(deps.snapshotEvery, 100, "snapshotEvery");
  const backoff = deps.backoff ?? defaultBackoff;
  const prepared = prepareCommand(aggregate, streamId, command, context);
  if (E.isLeft(prepared)) return prepared;
  const job = { deps, aggregate, streamId, ...prepared.right, snapshotEvery };
  let useSnapshot = true;
  let lastActual = 0n;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    // Lost races back off with jitter: retrying at once made every loser collide with the next winner again.
    if (attempt > 1) await backoff(attempt - 1);
    try {
      const trace = new CommandTrace(job.context.commandId);
      const loaded = await loadStream(deps, aggregate, streamId, {
        useSnapshot,
        observe: (e) => trace.observe(e),
      });
      const outcome = await attemptOnce(job, loaded, { trace, attempt });
      if ("settled" in outcome) return outcome.settled;
      lastActual = outcome.conflict;
      // A snapshot ahead of the stream (restored from elsewhere) would conflict forever: replay without it.
      if (outcome.conflict < loaded.version) {
        useSnapshot = false;
        deps.stateCache?.delete(streamId);
      }
    } catch (error) {
      // Store calls raise LedgerErrors only (loads and lookups wrap them); anything else is a bug and is thrown.
      if (isLedgerError(error)) return E.left(error);
      throw error;
    }
  }
  return E.left(new ConcurrencyRetriesExhausted(streamId, maxAttempts, lastActual));
};

interface Job<C extends TimedCommand, Ev extends Message, S> {
  readonly deps: CommandHandlerDeps;
  readonly aggregate: AggregateDefinition<C, Ev, S>;
  readonly streamId: string;
  readonly command: C;
  readonly context: CommandContext;
  readonly snapshotEvery: number;
}

const attemptOnce = async <C extends TimedCommand, Ev extends Message, S>(
  job: Job<C, Ev, S>,
  loaded: LoadedStream<S>,
  { trace, attempt }: { readonly trace: CommandTrace; readonly attempt: number },
): Promise<Attempt<S, Ev>> => {
  const { deps, aggregate, streamId, command, context } = job;
  const stored =
    trace.found.length > 0 || loaded.snapshotVersion === 0n
      ? trace.found
      : await findCommandEvents(deps.store, streamId, context.commandId);
  if (stored.length > 0) {
    return { settled: E.right(resultFromStored(aggregate, streamId, loaded, stored, attempt)) };
  }

  const decision = aggregate.decider.decide(command, loaded.state);
  if (E.isLeft(decision)) return { settled: decision };
  const events = decision.right;
  const base = { streamId, events, attempts: attempt };
  if (events.length === 0) {
    return {
      settled: E.right({
        ...base,
        state: loaded.state,
        version: loaded.version,
        lastGlobalPosition: 0n,
        written: false,
      }),
    };
  }
  const metadata = metadataOf(command, context);
  const encoded = events.map((event) => aggregate.events.encode(event));
  const invalid = checkEncodedEvents(aggregate.events, streamId, loaded.version, encoded);
  if (invalid) return { settled: E.left(invalid) };
  const toAppend: EventToAppend[] = encoded.map((event, index) => ({
    id: eventIdFor(context.commandId, index),
    ...event,
    metadata,
  }));
  let appended: Awaited<ReturnType<typeof deps.store.appendToStream>>;
  try {
    appended = await deps.store.appendToStream(streamId, toAppend, { expectedVersion: loaded.version });
  } catch (error) {
    if (isLedgerError(error, "wrong-expected-version"))
      return { conflict: (error as WrongExpectedVersion).actual };
    throw asLedgerError(error, `stream ${streamId}: append`);
  }
  const state = aggregate.decider.fold(loaded.state, events);
  const version = appended.nextExpectedVersion;
  if (appended.written) deps.stateCache?.set(aggregate.name, streamId, version, state);
  if (appended.written && snapshotDue(loaded.version, version, loaded.eventsRead, job.snapshotEvery)) {
    await saveSnapshot(deps, aggregate, streamId, state, version);
  }
  return {
    settled: E.right({
      ...base,
      state,
      version,
      lastGlobalPosition: appended.lastGlobalPosition,
      written: appended.written,
    }),
  };
};
