interface Slot<T> {
  /** The load running now; it started before any caller waiting in `next`. */
  running?: Promise<T>;
  /** The load that starts when `running` ends, shared by every caller that arrived meanwhile. */
  next?: Promise<T>;
}

/**
 * Group reads, the companion of group commit: loads of one stream that overlap share one read. A caller never
 * joins a load that started before its call (it could miss an event committed just before the call); it joins
 * the next load, which starts as soon as the running one ends and serves every caller that arrived meanwhile.
 * So 16 installs checking the same account read it about twice instead of 16 times, and each still sees
 * everything committed before it asked.
 */
export class SharedLoads {
  readonly #slots = new Map<string, Slot<unknown>>();

  /** Runs `load` for `key`, or joins the next load of `key` when one is running (same key, same load). */
  load<T>(key: string, load: () => Promise<T>): Promise<T> {
    let slot = this.#slots.get(key) as Slot<T> | undefined;
    if (slot === undefined) {
      slot = {};
      this.#slots.set(key, slot as Slot<unknown>);
    }
    if (slot.running === undefined) return this.#start(key, slot, load);
    if (slot.next === undefined) {
      const current = slot;
      const settled = () => {
        current.next = undefined;
        return this.#start(key, current, load);
      };
      slot.next = slot.running.then(settled, settled);
    }
    return slot.next;
  }

  /** Keys with a load running or queued (for tests). */
  get size(): number {
    return this.#slots.size;
  }

  #start<T>(key: string, slot: Slot<T>, load: () => Promise<T>): Promise<T> {
    const running = load();
    slot.running = running;
    const done = () => {
      if (slot.running === running) slot.running = undefined;
      if (slot.running === undefined && slot.next === undefined) this.#slots.delete(key);
    };
    running.then(done, done);
    return running;
  }
}
