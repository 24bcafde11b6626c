/**
 * Remembers how far a reader (projection, reactor, outbound delivery) has read the global log, so it resumes
 * after a restart. Saving after processing gives at-least-once delivery: readers must be idempotent.
 */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}

/** A {@link CheckpointStore} in memory (tests, demos, read models rebuilt at start-up). */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #positions = new Map<string, bigint>();

  async load(name: string): Promise<bigint | undefined> {
    return this.#positions.get(name);
  }

  async save(name: string, position: bigint): Promise<void> {
    this.#positions.set(name, position);
  }
}
