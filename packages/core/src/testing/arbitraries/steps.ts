import * as E from "fp-ts/lib/Either.js";
import type { Decider } from "../../shared/decider.js";
import type { DomainError } from "../../shared/errors.js";

/** One command decided against the state left by the previous ones. */
export interface DecidedStep<Command, Event, State> {
  readonly command: Command;
  readonly before: State;
  /** Events the command produced; empty when it was refused or changed nothing. */
  readonly emitted: ReadonlyArray<Event>;
  /** The rejection, or null when the command was accepted. */
  readonly rejection: DomainError | null;
  readonly after: State;
}

/**
 * Decides commands in order, folding the events of accepted ones and skipping refused ones, the way a command
 * handler would on one stream. Property tests check rules on the steps; `emitted` of all steps is a history
 * `decide` can really produce.
 */
export const decideSteps = <Command, Event, State>(
  decider: Decider<Command, Event, State>,
  commands: ReadonlyArray<Command>,
  from: State = decider.initialState,
): Array<DecidedStep<Command, Event, State>> => {
  let state = from;
  return commands.map((command) => {
    const before = state;
    const decision = decider.decide(command, before);
    const emitted = E.isRight(decision) ? decision.right : [];
    state = emitted.length === 0 ? before : decider.fold(before, emitted);
    return { command, before, emitted, rejection: E.isLeft(decision) ? decision.left : null, after: state };
  });
};

/** Every event accepted commands produced, in order. */
export const emittedBy = <Event>(steps: ReadonlyArray<{ readonly emitted: ReadonlyArray<Event> }>): Event[] =>
  steps.flatMap((step) => step.emitted);
