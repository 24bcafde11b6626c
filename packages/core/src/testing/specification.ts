import assert from "node:assert/strict";
import * as E from "fp-ts/lib/Either.js";
import type { Decider } from "../shared/decider.js";
import type { DomainError } from "../shared/errors.js";

/** The outcome half of a spec: what the command must produce. */
export interface ThenClause<Event, State> {
  /** The command succeeds with exactly these events (in order). */
  then(expected: ReadonlyArray<Event>): void;
  /** The command succeeds and changes nothing (idempotent repeat). */
  thenNothing(): void;
  /** The command is rejected with this stable error code. Returns the error for further checks. */
  thenError(code: string): DomainError;
  /** The command succeeds and the resulting state satisfies `check`. */
  thenState(check: (state: State) => void): void;
}

/** A decider spec: `given(events).when(command).then(events | errorCode)` (emmett's DeciderSpecification). */
export interface DeciderSpecification<Command, Event, State> {
  given(events: ReadonlyArray<Event>): { when(command: Command): ThenClause<Event, State> };
}

/**
 * Builds given/when/then specs for a decider. Assertions use `node:assert`, so the helper works under any test
 * runner. Every accepted decision is also folded back through `evolve`, so a spec fails if `decide` emits an
 * event the decider cannot apply.
 */
export const specFor = <Command, Event, State>(
  decider: Decider<Command, Event, State>,
): DeciderSpecification<Command, Event, State> => ({
  given: (history) => ({
    when: (command) => {
      const state = decider.fold(decider.initialState, history);
      const decision = decider.decide(command, state);
      const accepted = (): ReadonlyArray<Event> => {
        if (E.isLeft(decision)) {
          assert.fail(
            `expected the command to succeed, but it was rejected: ${decision.left.code}: ${decision.left.message}`,
          );
        }
        return decision.right;
      };
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the spec vocabulary (emmett); a ThenClause is never awaited.
        then: (expected) => assert.deepStrictEqual(accepted(), expected),
        thenNothing: () => assert.deepStrictEqual(accepted(), []),
        thenError: (code) => {
          if (E.isRight(decision)) {
            assert.fail(
              `expected rejection "${code}", but the command produced ${JSON.stringify(decision.right)}`,
            );
          }
          assert.equal(
            decision.left.code,
            code,
            `expected error code "${code}" but got "${decision.left.code}": ${decision.left.message}`,
          );
          return decision.left;
        },
        thenState: (check) => check(decider.fold(state, accepted())),
      };
    },
  }),
});
