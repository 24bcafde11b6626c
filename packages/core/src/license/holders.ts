/**
 * The holders of a license pool (or any large id-keyed map of an aggregate's state, such as an account's users and
 * devices, `V` their value) as an immutable map that is cheap to change by a few entries: a shared `base`
 * map plus small overlays of additions and removals. A command on a pool of 100,000 holders then copies the
 * overlays (a few hundred entries at most), not the whole map; when the overlays grow past about √size they are
 * merged into a new base, so reads stay O(1) and the amortised cost of a change is O(√size).
 */
export class Holders<V extends string = string> implements ReadonlyMap<string, V> {
  static readonly empty: Holders<never> = Object.freeze(
    new Holders<never>(new Map<string, never>(), new Map<string, never>(), new Set(), 0),
  ) as Holders<never>;

  readonly #base: ReadonlyMap<string, V>;
  readonly #added: ReadonlyMap<string, V>;
  readonly #removed: ReadonlySet<string>;
  readonly size: number;

  private constructor(
    base: ReadonlyMap<string, V>,
    added: ReadonlyMap<string, V>,
    removed: ReadonlySet<string>,
    size: number,
  ) {
    this.#base = base;
    this.#added = added;
    this.#removed = removed;
    this.size = size;
  }

  /** The map itself when it is already {@link Holders} (as states are), else a copy of it (a decoded state). */
  static of<V extends string>(map: ReadonlyMap<string, V>): Holders<V> {
    return map instanceof Holders ? (map as Holders<V>) : Holders.from<V>(map);
  }

  /** Holders from `[userId, assignedAt]` pairs, in that order; `V` is `string` unless given. */
  static from<V extends string = string>(entries: Iterable<readonly [string, NoInfer<V>]>): Holders<V> {
    const base = new Map(entries);
    return Object.freeze(new Holders<V>(base, new Map(), new Set(), base.size)) as Holders<V>;
  }

  get(userId: string): V | undefined {
    const added = this.#added.get(userId);
    if (added !== undefined) return added;
    return this.#removed.has(userId) ? undefined : this.#base.get(userId);
  }

  has(userId: string): boolean {
    return this.#added.has(userId) || (!this.#removed.has(userId) && this.#base.has(userId));
  }

  *entries(): MapIterator<[string, V]> {
    for (const entry of this.#base) {
      if (!this.#removed.has(entry[0]) && !this.#added.has(entry[0])) yield [entry[0], entry[1]];
    }
    for (const entry of this.#added) yield [entry[0], entry[1]];
  }

  *keys(): MapIterator<string> {
    for (const [userId] of this.entries()) yield userId;
  }

  *values(): MapIterator<V> {
    for (const [, at] of this.entries()) yield at;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (at: V, userId: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [userId, at] of this.entries()) callback(at, userId, this);
  }

  get [Symbol.toStringTag](): string {
    return "Holders";
  }

  /** Starts a batch of changes; the original stays untouched. */
  edit(): HoldersEditor<V> {
    return new HoldersEditor<V>(this.#base, this.#added, this.#removed, this.size);
  }

  /** @internal Assembles a value; only {@link HoldersEditor} calls it. */
  static assemble<V extends string>(
    base: ReadonlyMap<string, V>,
    added: ReadonlyMap<string, V>,
    removed: ReadonlySet<string>,
    size: number,
  ): Holders<V> {
    return Object.freeze(new Holders<V>(base, added, removed, size)) as Holders<V>;
  }
}

/** Overlays larger than this are merged into a new base (about √size, at least 256). */
const overlayLimit = (size: number): number => Math.max(256, 4 * Math.ceil(Math.sqrt(size)));

/**
 * Mutable changes to a {@link Holders}, for one fold. It copies the overlays on the first write; once they
 * outgrow `overlayLimit` it copies everything into one map it owns and mutates that, so a long batch
 * (a replay) costs one copy of the map in all, never one per event.
 */
export class HoldersEditor<V extends string = string> {
  #added: Map<string, V> | undefined;
  #removed: Set<string> | undefined;
  #owned: Map<string, V> | undefined;

  constructor(
    private readonly base: ReadonlyMap<string, V>,
    private readonly addedBefore: ReadonlyMap<string, V>,
    private readonly removedBefore: ReadonlySet<string>,
    private size: number,
  ) {}

  #has(userId: string): boolean {
    if (this.#owned) return this.#owned.has(userId);
    const added = this.#added ?? this.addedBefore;
    const removed = this.#removed ?? this.removedBefore;
    return added.has(userId) || (!removed.has(userId) && this.base.has(userId));
  }

  #overlays(): { added: Map<string, V>; removed: Set<string> } {
    this.#added ??= new Map(this.addedBefore);
    this.#removed ??= new Set(this.removedBefore);
    return { added: this.#added, removed: this.#removed };
  }

  #maybeOwn(): void {
    const { added, removed } = this.#overlays();
    if (added.size + removed.size <= overlayLimit(this.size)) return;
    this.#owned = new Map(Holders.assemble(this.base, added, removed, this.size));
    this.#added = undefined;
    this.#removed = undefined;
  }

  /** Whether `userId` is in the map as edited so far. */
  has(userId: string): boolean {
    return this.#has(userId);
  }

  /** Records that `userId` holds a license since `at`. */
  set(userId: string, at: V): this {
    if (!this.#has(userId)) this.size++;
    if (this.#owned) {
      this.#owned.set(userId, at);
      return this;
    }
    const { added } = this.#overlays();
    added.set(userId, at);
    this.#maybeOwn();
    return this;
  }

  /** Records that `userId` no longer holds a license. */
  delete(userId: string): boolean {
    if (!this.#has(userId)) return false;
    this.size--;
    if (this.#owned) return this.#owned.delete(userId);
    const { added, removed } = this.#overlays();
    if (!added.delete(userId) || this.base.has(userId)) removed.add(userId);
    this.#maybeOwn();
    return true;
  }

  /** True when a change was made. */
  get changed(): boolean {
    return this.#owned !== undefined || this.#added !== undefined;
  }

  /** The resulting holders. */
  done(): Holders<V> {
    if (this.#owned) return Holders.from(this.#owned);
    return Holders.assemble(
      this.base,
      this.#added ?? this.addedBefore,
      this.#removed ?? this.removedBefore,
      this.size,
    );
  }
}
