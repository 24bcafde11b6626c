import { assertValidStreamId, isJson } from "./append-validation.js";
import type { StoredSnapshot } from "./port.js";

/** Every adapter rejects the same malformed snapshot the same way. */
export const assertValidSnapshot = (snapshot: StoredSnapshot): void => {
  assertValidStreamId(snapshot.streamId);
  if (typeof snapshot.streamVersion !== "bigint" || snapshot.streamVersion < 1n) {
    throw new RangeError(`snapshot of ${snapshot.streamId}: streamVersion must be a bigint >= 1n`);
  }
  if (!Number.isSafeInteger(snapshot.schemaVersion) || snapshot.schemaVersion < 1) {
    throw new RangeError(`snapshot of ${snapshot.streamId}: schemaVersion must be an integer >= 1`);
  }
  if (!isJson(snapshot.state)) {
    throw new TypeError(
      `snapshot of ${snapshot.streamId}: state must be JSON (encode it with the SnapshotCodec)`,
    );
  }
};
