/** A workflow's state as saved at a position of the log: JSON-safe, in the shape its codec writes. */
export interface WorkflowSnapshot {
  /** The last global position folded into `state`. */
  readonly position: bigint;
  readonly state: unknown;
}

/**
 * Where workflows keep their state between runs, so a restart folds only the log after the last snapshot
 * instead of the whole log. A snapshot is an optimisation: losing one costs a longer rebuild, never a wrong
 * action, because the checkpoint alone says what was acted on.
 */
export interface WorkflowStateStore {
  /** The last snapshot saved under `name`, if any. */
  load(name: string): Promise<WorkflowSnapshot | undefined>;
  /** Replaces the snapshot of `name`. */
  save(name: string, snapshot: WorkflowSnapshot): Promise<void>;
}

/** A {@link WorkflowStateStore} in memory (tests; a process that keeps its workflows running). */
export class InMemoryWorkflowStateStore implements WorkflowStateStore {
  readonly #snapshots = new Map<string, WorkflowSnapshot>();

  async load(name: string): Promise<WorkflowSnapshot | undefined> {
    return this.#snapshots.get(name);
  }

  async save(name: string, snapshot: WorkflowSnapshot): Promise<void> {
    // A structured copy: a snapshot must not change when its state object is reused by the caller.
    this.#snapshots.set(name, { position: snapshot.position, state: structuredClone(snapshot.state) });
  }
}

/** How a workflow's state is snapshotted: its JSON codec, where snapshots go, and how often. */
export interface WorkflowSnapshots<S> {
  readonly store: WorkflowStateStore;
  /** The state as JSON-safe data. */
  readonly encode: (state: S) => unknown;
  /** The state back from `encode`'s output; undefined for data it does not recognise (the log is folded instead). */
  readonly decode: (data: unknown) => S | undefined;
  /** Save after a batch once this many events were folded since the last snapshot; 1,000. */
  readonly everyEvents?: number;
}
