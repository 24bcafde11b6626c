import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../../shared/decider.js";
import { eventIdFor } from "../../store/event-id.js";
import type { EventToAppend } from "../../store/port.js";
import type { AggregateDefinition } from "../aggregate.js";
import type { CommandFailure, TimedCommand } from "../command.js";
import type { PreparedCommand } from "../prepare-command.js";
import { metadataOf } from "../prepare-command.js";
import { checkEncodedEvents } from "../validate-call.js";

/** What one command of a batch came to, against the state left by the commands before it. */
export type Verdict<S, Ev> =
  /** The domain refused it, or one of its events would not read back (`invalid-event`): nothing of it is appended. */
  | { readonly kind: "refused"; readonly failure: CommandFailure }
  /** Its events (possibly none) and the state and version right after them. */
  | {
      readonly kind: "decided";
      readonly events: ReadonlyArray<Ev>;
      readonly state: S;
      readonly version: bigint;
    };

/** A batch decided in order: one verdict per command and the one append that records all of them. */
export interface BatchDecision<S, Ev> {
  readonly verdicts: ReadonlyArray<Verdict<S, Ev>>;
  /** Every decided event of the batch, in command order, with ids from their command ids. */
  readonly toAppend: ReadonlyArray<EventToAppend>;
  /** For each event of `toAppend`, the index of the command (in `verdicts`) that decided it. */
  readonly owners: ReadonlyArray<number>;
  /** The state and version after the whole batch. */
  readonly state: S;
  readonly version: bigint;
}

/**
 * Decides the commands of a batch one after the other, each against the state the previous ones left, exactly as
 * if they had been handled one at a time in this order: so "never over-assign" (R16) and "one license per user"
 * (R13) hold inside a batch as they hold between appends. A refused command changes nothing for the others.
 * Every event is read back through its catalog before it joins the append (R24). Pure: no I/O, no clock.
 */
export const decideBatch = <C extends TimedCommand, Ev extends Message, S>(
  aggregate: AggregateDefinition<C, Ev, S>,
  streamId: string,
  start: { readonly state: S; readonly version: bigint },
  commands: ReadonlyArray<PreparedCommand<C>>,
): BatchDecision<S, Ev> => {
  let { state, version } = start;
  const verdicts: Verdict<S, Ev>[] = [];
  const toAppend: EventToAppend[] = [];
  const owners: number[] = [];
  for (const [index, { command, context }] of commands.entries()) {
    const decision = aggregate.decider.decide(command, state);
    if (E.isLeft(decision)) {
      verdicts.push({ kind: "refused", failure: decision.left });
      continue;
    }
    const events = decision.right;
    const encoded = events.map((event) => aggregate.events.encode(event));
    const invalid = checkEncodedEvents(aggregate.events, streamId, version, encoded);
    if (invalid) {
      verdicts.push({ kind: "refused", failure: invalid });
      continue;
    }
    const metadata = metadataOf(command, context);
    for (const [i, event] of encoded.entries()) {
      toAppend.push({ id: eventIdFor(context.commandId, i), ...event, metadata });
      owners.push(index);
    }
    if (events.length > 0) {
      state = aggregate.decider.fold(state, events);
      version += BigInt(events.length);
    }
    verdicts.push({ kind: "decided", events, state, version });
  }
  return { verdicts, toAppend, owners, state, version };
};
