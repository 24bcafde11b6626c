import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../../shared/decider.js";
import {
  asLedgerError,
  type IdempotencyViolation,
  isLedgerError,
  type WrongExpectedVersion,
} from "../../store/errors.js";
import type { AppendResult } from "../../store/port.js";
import type { TimedCommand } from "../command.js";
import { type LoadedStream, loadStream } from "../load-aggregate.js";
import { findCommandsEvents, resultFromStored } from "../retried-command.js";
import { saveSnapshot, snapshotDue } from "../snapshots.js";
import { answerDecided, eventPositions } from "./answers.js";
import type { BatchTarget } from "./batch-target.js";
import { BatchTrace } from "./batch-trace.js";
import { type BatchDecision, decideBatch } from "./decide-batch.js";
import type { PendingCommand } from "./pending-command.js";

/** How one attempt at a batch ended. Commands that were answered are `answered`; the others go again. */
export type BatchAttempt =
  /** Every command of the batch was answered. */
  | { readonly kind: "settled" }
  /** Another writer appended first: the stream is at `actual`, not at the `loaded` version decided on. */
  | { readonly kind: "conflict"; readonly actual: bigint; readonly loaded: bigint }
  /** The store refused the append for one command's sake: that one goes again `alone`, nobody was answered. */
  | { readonly kind: "isolate" };

/** Append refusals caused by one command's events, not by the stream or the store: they must not fail the others. */
const REFUSALS_OF_ONE = new Set(["idempotency-violation", "invalid-event"]);

type Batch<C extends TimedCommand, Ev extends Message, S> = ReadonlyArray<PendingCommand<C, Ev, S>>;

/**
 * One attempt at a batch: load the stream once (snapshot or cached state, then the tail), answer the commands
 * already stored (retries) from their events, decide the others in order, and append all their events in one
 * append at the loaded version. Only after that append succeeds does any decided command get its answer
 * (refusals too: they were decided on a state that includes the batch's earlier commands), so a batch that
 * meets a conflict is decided again on fresh state and nobody was told anything it did not become. Store
 * failures answer every command still waiting with the `LedgerError`; other errors are bugs and are thrown.
 */
export const commitBatch = async <C extends TimedCommand, Ev extends Message, S>(
  target: BatchTarget<C, Ev, S>,
  batch: Batch<C, Ev, S>,
  useSnapshot: boolean,
): Promise<BatchAttempt> => {
  const { deps, aggregate, streamId } = target;
  for (const pending of batch) pending.attempts++;
  try {
    const trace = new BatchTrace(batch.map((pending) => pending.context.commandId));
    const loaded = await loadStream(deps, aggregate, streamId, {
      useSnapshot,
      observe: (event) => trace.observe(event),
    });
    const fresh = await answerRetries(target, batch, loaded, trace);
    if (fresh.length === 0) return { kind: "settled" };
    const decision = decideBatch(aggregate, streamId, loaded, fresh);
    if (decision.toAppend.length === 0) {
      answerDecided(target, fresh, decision, { written: false, positions: [] });
      return { kind: "settled" };
    }
    let appended: AppendResult;
    try {
      appended = await deps.store.appendToStream(streamId, decision.toAppend, {
        expectedVersion: loaded.version,
      });
    } catch (error) {
      if (isLedgerError(error, "wrong-expected-version")) {
        return { kind: "conflict", actual: (error as WrongExpectedVersion).actual, loaded: loaded.version };
      }
      if (isLedgerError(error) && REFUSALS_OF_ONE.has(error.code) && isolate(fresh, decision, error)) {
        return { kind: "isolate" };
      }
      throw asLedgerError(error, `stream ${streamId}: append`);
    }
    if (appended.written) deps.stateCache?.set(aggregate.name, streamId, decision.version, decision.state);
    if (
      appended.written &&
      snapshotDue(loaded.version, decision.version, loaded.eventsRead, target.snapshotEvery)
    ) {
      await saveSnapshot(deps, aggregate, streamId, decision.state, decision.version);
    }
    const positions = await eventPositions(target, loaded.version, decision, appended);
    answerDecided(target, fresh, decision, { written: appended.written, positions });
    return { kind: "settled" };
  } catch (error) {
    if (!isLedgerError(error)) throw error;
    for (const pending of batch) if (!pending.answered) pending.answer(E.left(error));
    return { kind: "settled" };
  }
};

/**
 * Answers the commands whose events are already stored, from those events, and returns the others. The load's
 * trace sees the events after its starting point; the commands not known to be absent before that point are
 * looked up through the store's index, all in one query when the store has `findEvents`.
 */
const answerRetries = async <C extends TimedCommand, Ev extends Message, S>(
  { deps, aggregate, streamId }: BatchTarget<C, Ev, S>,
  batch: Batch<C, Ev, S>,
  loaded: LoadedStream<S>,
  trace: BatchTrace,
): Promise<PendingCommand<C, Ev, S>[]> => {
  const unchecked = batch
    .filter((pending) => trace.found(pending.context.commandId).length === 0)
    .filter((pending) => loaded.snapshotVersion > pending.checkedThrough)
    .map((pending) => pending.context.commandId);
  const looked = await findCommandsEvents(deps.store, streamId, unchecked);
  const fresh: PendingCommand<C, Ev, S>[] = [];
  for (const pending of batch) {
    const { commandId } = pending.context;
    const seen = trace.found(commandId);
    const events = seen.length > 0 ? seen : (looked.get(commandId) ?? []);
    if (events.length > 0) {
      pending.answer(E.right(resultFromStored(aggregate, streamId, loaded, events, pending.attempts)));
    } else {
      pending.checkedThrough = loaded.version;
      fresh.push(pending);
    }
  }
  return fresh;
};

/**
 * The store refused the append for one command's events: an id it holds elsewhere in the stream or in another
 * stream, or an event it cannot store. Often that command was stored meanwhile by another process (the same
 * command sent to two processes: their batches differ, so the store sees a reused id, not a retry). So nobody is
 * answered yet: the command the id belongs to (all of them, without an id to blame) goes again alone, after a
 * reload that answers it from its stored events if they are in this stream. Returns false when the suspects
 * already went alone: the refusal is then theirs, and the caller answers it.
 */
const isolate = <C extends TimedCommand, Ev extends Message, S>(
  fresh: Batch<C, Ev, S>,
  decision: BatchDecision<S, Ev>,
  error: Error & { readonly code: string },
): boolean => {
  const eventId = (error as Partial<IdempotencyViolation>).eventId;
  const index = decision.toAppend.findIndex((event) => event.id === eventId);
  const owner = index < 0 ? undefined : fresh[decision.owners[index] ?? -1];
  const suspects = (owner === undefined ? fresh : [owner]).filter((pending) => !pending.alone);
  for (const pending of suspects) pending.alone = true;
  return suspects.length > 0;
};
