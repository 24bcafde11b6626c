import type { Either } from "fp-ts/lib/Either.js";
import type { InvalidInput } from "../shared/codec.js";
import type { Decider, Message } from "../shared/decider.js";
import type { DomainError } from "../shared/errors.js";
import type { EventCatalog } from "../store/catalog.js";

/** Serialises an aggregate's state for the snapshot store. */
export interface SnapshotCodec<S> {
  /** Bump it whenever the state's shape changes: older snapshots are then ignored and rebuilt from events. */
  readonly schemaVersion: number;
  encode(state: S): unknown;
  decode(stored: unknown): Either<DomainError, S>;
}

/** Everything the generic machinery (load, decide, append, snapshot) needs to know about one aggregate. */
export interface AggregateDefinition<C extends Message, E extends Message, S> {
  /** Names the aggregate in errors and stream ids, e.g. "VppAccount". */
  readonly name: string;
  readonly decider: Decider<C, E, S>;
  /**
   * Decodes a command from anything a caller passed (JS callers bypass the types): the command handler decodes
   * every command with it before `decide`, so nothing the codecs refuse can reach an event.
   */
  readonly decodeCommand: (input: unknown) => Either<InvalidInput, C>;
  readonly events: EventCatalog<E>;
  readonly snapshot: SnapshotCodec<S>;
}
