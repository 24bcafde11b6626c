import type { LedgerEvent } from "../ledger/streams.js";

/**
 * A workflow (a process manager) reacting to the global log: pure like a decider, driven by events instead of
 * commands. `evolve` folds what it must remember of the log; `decide` says what to do because of an event, given
 * the state before it; a {@link WorkflowSink} performs the actions (ledger commands,
 * Apple calls). Tested with given/when/then (`workflowSpecFor` of `@vpp-ledger/core/testing`).
 */
export interface Workflow<S, A> {
  readonly initialState: S;
  evolve(state: S, event: LedgerEvent): S;
  decide(event: LedgerEvent, state: S): ReadonlyArray<A>;
}
