import type { CheckpointStore } from "@vpp-ledger/core";

/**
 * The delivery's checkpoint: the position read, held back before the oldest work Apple has not confirmed, so
 * a restart hands that work over again (at-least-once) and nothing after it is lost. Work arrives in log order,
 * so the outstanding positions form a queue whose settled head is dropped lazily (O(1) per piece of work).
 */
export class DeliveryCheckpoint implements CheckpointStore {
  readonly #queue: bigint[] = [];
  #head = 0;
  readonly #settled = new Set<bigint>();
  /** Pieces of work outstanding per position (one event may ask for several). */
  readonly #held = new Map<bigint, number>();
  #read: bigint | undefined;
  #saved: bigint | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CheckpointStore,
    private readonly name: string,
  ) {}

  /** The position last saved. */
  get saved(): bigint | undefined {
    return this.#saved;
  }

  /** Pieces of work not yet confirmed. */
  get outstanding(): number {
    let total = 0;
    for (const count of this.#held.values()) total += count;
    return total;
  }

  /**
   * Where reading resumes: in this process, after what was read already (its work is queued here, confirmed
   * or not); in a new process, at the stored checkpoint, so unconfirmed work is read and sent again.
   */
  async load(name: string): Promise<bigint | undefined> {
    if (this.#read !== undefined) return this.#read;
    const position = await this.store.load(name);
    this.#read = position;
    this.#saved ??= position;
    return position;
  }

  /** The processor read up to `position` (called by the workflow sink after each batch). */
  async save(_name: string, position: bigint): Promise<void> {
    if (this.#read === undefined || position > this.#read) this.#read = position;
    await this.#persist();
  }

  /** Work at `position` now waits for Apple. */
  hold(position: bigint): void {
    const last = this.#queue.at(-1);
    // A repaired stream's held-back events come from before the checkpoint: they cannot hold it back any more.
    if (this.#saved !== undefined && position <= this.#saved) return;
    const held = this.#held.get(position);
    if (held !== undefined) {
      this.#held.set(position, held + 1);
      return;
    }
    if (last !== undefined && position <= last) return;
    this.#queue.push(position);
    this.#held.set(position, 1);
  }

  /** Work at `position` is settled (confirmed, compensated, superseded or dismissed). */
  release(position: bigint): void {
    const held = this.#held.get(position);
    if (held === undefined) return;
    if (held > 1) {
      this.#held.set(position, held - 1);
      return;
    }
    this.#held.delete(position);
    this.#settled.add(position);
    let moved = false;
    while (this.#head < this.#queue.length && this.#settled.delete(this.#queue[this.#head] as bigint)) {
      this.#head++;
      moved = true;
    }
    if (this.#head > 4096) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    if (moved) void this.#persist().catch(() => undefined);
  }

  /** Resolves once every save asked for so far has been written (or failed). */
  async flush(): Promise<void> {
    await this.#writing.catch(() => undefined);
  }

  /** Saves the checkpoint as far as the oldest outstanding work allows. */
  #persist(): Promise<void> {
    this.#writing = this.#writing
      .catch(() => undefined)
      .then(async () => {
        const oldest = this.#queue[this.#head];
        let target = this.#read;
        if (oldest !== undefined && (target === undefined || oldest - 1n < target)) target = oldest - 1n;
        if (target === undefined || (this.#saved !== undefined && target <= this.#saved)) return;
        if (target < 0n) return;
        await this.store.save(this.name, target);
        this.#saved = target;
      });
    return this.#writing;
  }
}
