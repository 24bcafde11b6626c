import { assertValidStreamId } from "../append-validation.js";
import type { SnapshotStore, StoredSnapshot } from "../port.js";
import { assertValidSnapshot } from "../snapshot-validation.js";
import { frozenJsonCopy } from "./frozen-json.js";

/**
 * The reference {@link SnapshotStore}: the latest snapshot per stream, as a deep-frozen JSON copy. A snapshot
 * at a lower stream version never replaces a higher one; one at the same version does (a new schema version
 * may rewrite it).
 */
export class InMemorySnapshotStore implements SnapshotStore {
  readonly #snapshots = new Map<string, StoredSnapshot>();

  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    assertValidStreamId(streamId);
    return this.#snapshots.get(streamId);
  }

  async save(snapshot: StoredSnapshot): Promise<void> {
    assertValidSnapshot(snapshot);
    const current = this.#snapshots.get(snapshot.streamId);
    if (current !== undefined && current.streamVersion > snapshot.streamVersion) return;
    this.#snapshots.set(
      snapshot.streamId,
      Object.freeze({
        streamId: snapshot.streamId,
        streamVersion: snapshot.streamVersion,
        schemaVersion: snapshot.schemaVersion,
        state: frozenJsonCopy(snapshot.state),
      }),
    );
  }
}
