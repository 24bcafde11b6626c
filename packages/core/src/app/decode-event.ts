import type { Message } from "../shared/decider.js";
import type { EventCatalog } from "../store/catalog.js";
import { CorruptEvent, isLedgerError } from "../store/errors.js";
import type { RecordedEvent } from "../store/port.js";

/**
 * Decodes a stored event through its aggregate's catalog, upcasting old schema versions. Every failure is a
 * {@link CorruptEvent} naming stream, version, type and field: an unknown type, a schema version too new or
 * without upcaster, data that fails the codec, and an upcaster that throws.
 */
export const decodeRecordedEvent = <E extends Message>(
  catalog: EventCatalog<E>,
  recorded: RecordedEvent,
): E => {
  try {
    return catalog.decode(recorded);
  } catch (error) {
    if (isLedgerError(error)) throw error;
    const name = error instanceof Error ? error.name : typeof error;
    // Only the error's name: its message may quote stored data.
    throw new CorruptEvent(
      recorded.streamId,
      recorded.streamVersion,
      recorded.type,
      "data",
      `upcasting from schema version ${recorded.schemaVersion} failed (${name})`,
      { cause: error },
    );
  }
};
