import assert from "node:assert/strict";
import type { LedgerEvent } from "../ledger/streams.js";
import type { Workflow } from "../processing/workflow.js";

/** The outcome half of a workflow spec. */
export interface WorkflowThen<S, A> {
  /** The event makes the workflow decide exactly these actions (in order). */
  then(expected: ReadonlyArray<A>): void;
  /** The event makes the workflow decide nothing. */
  thenNothing(): void;
  /** The state after the event satisfies `check`. */
  thenState(check: (state: S) => void): void;
}

/** A workflow spec: `given(events).when(event).then(actions)`, like a decider's. */
export interface WorkflowSpecification<S, A> {
  given(history: ReadonlyArray<LedgerEvent>): { when(event: LedgerEvent): WorkflowThen<S, A> };
}

/** Builds given/when/then specs for a {@link Workflow}; assertions use `node:assert`, for any test runner. */
export const workflowSpecFor = <S, A>(workflow: Workflow<S, A>): WorkflowSpecification<S, A> => ({
  given: (history) => ({
    when: (event) => {
      const state = history.reduce(workflow.evolve, workflow.initialState);
      const actions = workflow.decide(event, state);
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the spec vocabulary; never awaited.
        then: (expected) => assert.deepStrictEqual(actions, expected),
        thenNothing: () => assert.deepStrictEqual(actions, []),
        thenState: (check) => check(workflow.evolve(state, event)),
      };
    },
  }),
});
