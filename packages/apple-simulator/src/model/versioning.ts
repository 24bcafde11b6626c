import { randomHex } from "../token.js";

/**
 * One location's version counter. Every write to assets, users or assignments takes the next number; each
 * collection reports the number of its last write as its `versionId`, and every record remembers the number of
 * its last change, which is what `sinceVersionId` filters on.
 *
 * The wire form `<n>-<tag>` is opaque to clients; the per-location tag makes a versionId from another location
 * (or another simulator run) unknown, as Apple would treat it (9721).
 */
export class VersionClock {
  private counter = 1;
  private readonly tag = randomHex(4);

  /** Takes the next version number for a write. */
  next(): number {
    this.counter += 1;
    return this.counter;
  }

  /** The wire form of a version number. */
  format(version: number): string {
    return `${version}-${this.tag}`;
  }

  /** The version number behind a wire versionId, or undefined when this location never issued it. */
  parse(versionId: string): number | undefined {
    const match = /^(\d+)-([0-9a-f]+)$/.exec(versionId);
    if (match === null || match[2] !== this.tag) return undefined;
    const version = Number(match[1]);
    return version >= 1 && version <= this.counter ? version : undefined;
  }
}

/** A collection that reports a versionId: the version of its last write. */
export class VersionedCollection {
  private lastWrite: number;

  constructor(private readonly clock: VersionClock) {
    this.lastWrite = 1;
  }

  /** Records a write and returns its version number, to stamp on the changed records. */
  write(): number {
    this.lastWrite = this.clock.next();
    return this.lastWrite;
  }

  /** The wire versionId of the collection as it is now. */
  versionId(): string {
    return this.clock.format(this.lastWrite);
  }
}
