import type { Either } from "fp-ts/lib/Either.js";
import type { DomainError } from "./errors.js";

/**
 * The Decider pattern (Equinox, emmett): all behaviour of an aggregate as three pure parts.
 * `decide` answers a command with the events it causes or a rejection; `evolve` folds one event into state.
 */
export interface Decider<Command, Event, State, Err extends DomainError = DomainError> {
  readonly initialState: State;
  decide(command: Command, state: State): Either<Err, ReadonlyArray<Event>>;
  evolve(state: State, event: Event): State;
  /**
   * Folds many events at once. Equal to a left fold of `evolve`, but may share one copy of the state for the
   * whole batch (replays of long streams stay O(N) even when the state holds large maps).
   */
  fold(state: State, events: Iterable<Event>): State;
}

/** Every command and event in vpp-ledger has this shape. */
export interface Message<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
