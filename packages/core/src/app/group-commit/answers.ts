/** Answering a batch once its append is settled: each caller its own result, with its own global position. */
import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../../shared/decider.js";
import { asLedgerError } from "../../store/errors.js";
import type { AppendResult, RecordedEvent } from "../../store/port.js";
import type { TimedCommand } from "../command.js";
import type { BatchTarget } from "./batch-target.js";
import type { BatchDecision } from "./decide-batch.js";
import type { PendingCommand } from "./pending-command.js";

type Batch<C extends TimedCommand, Ev extends Message, S> = ReadonlyArray<PendingCommand<C, Ev, S>>;

/**
 * The global position of each appended event. The append reports only the last one, and positions may have gaps
 * (or be byte offsets), so when more than one command wrote events the batch is read back once.
 */
export const eventPositions = async <C extends TimedCommand, Ev extends Message, S>(
  { deps, streamId }: BatchTarget<C, Ev, S>,
  from: bigint,
  decision: BatchDecision<S, Ev>,
  appended: AppendResult,
): Promise<ReadonlyArray<bigint>> => {
  const { toAppend, owners } = decision;
  const last = toAppend.length - 1;
  if (owners[0] === owners[last]) {
    return toAppend.map((_, i) => (i === last ? appended.lastGlobalPosition : 0n));
  }
  const stored: RecordedEvent[] = [];
  try {
    for await (const event of deps.store.readStream(streamId, { after: from, batchSize: toAppend.length })) {
      stored.push(event);
      if (stored.length === toAppend.length) break;
    }
  } catch (error) {
    throw asLedgerError(error, `stream ${streamId}: read back the batch`);
  }
  if (stored.some((event, i) => event.id !== toAppend[i]?.id) || stored.length !== toAppend.length) {
    throw new Error(`stream ${streamId}: the appended batch did not read back in place`);
  }
  return stored.map((event) => event.globalPosition);
};

/** Answers every decided or refused command of a batch that is now settled. */
export const answerDecided = <C extends TimedCommand, Ev extends Message, S>(
  { streamId }: BatchTarget<C, Ev, S>,
  fresh: Batch<C, Ev, S>,
  decision: BatchDecision<S, Ev>,
  { written, positions }: { readonly written: boolean; readonly positions: ReadonlyArray<bigint> },
): void => {
  const lastPosition = new Map<number, bigint>();
  for (const [i, owner] of decision.owners.entries()) lastPosition.set(owner, positions[i] ?? 0n);
  for (const [i, pending] of fresh.entries()) {
    const verdict = decision.verdicts[i];
    if (verdict === undefined) throw new Error(`stream ${streamId}: no verdict for command ${i}`);
    if (verdict.kind === "refused") {
      pending.answer(E.left(verdict.failure));
      continue;
    }
    const hasEvents = verdict.events.length > 0;
    pending.answer(
      E.right({
        streamId,
        events: verdict.events,
        state: verdict.state,
        version: verdict.version,
        lastGlobalPosition: hasEvents ? (lastPosition.get(i) ?? 0n) : 0n,
        written: hasEvents && written,
        attempts: pending.attempts,
      }),
    );
  }
};
