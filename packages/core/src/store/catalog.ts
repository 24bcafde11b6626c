import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { describeErrors } from "../shared/codec.js";
import type { Message } from "../shared/decider.js";
import { CorruptEvent } from "./errors.js";

/** Turns the data of schema version `n` into the shape of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

/** How one event type is stored: its codec (of the whole `{ type, data }`), schema version and upcasters. */
export interface EventSchema<E extends Message> {
  readonly codec: t.Type<E, unknown, unknown>;
  /** Current schema version of `data` (starts at 1). */
  readonly schemaVersion: number;
  /** `upcasters[n]` lifts version n to n + 1; every version below the current one needs one. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/** An event read back from storage, before decoding. */
export interface StoredEventData {
  readonly streamId: string;
  readonly streamVersion: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Encodes events for storage and decodes (upcasting first) what was stored. */
export interface EventCatalog<E extends Message> {
  readonly types: ReadonlyArray<E["type"]>;
  encode(event: E): { readonly type: E["type"]; readonly schemaVersion: number; readonly data: unknown };
  /** Throws {@link CorruptEvent} naming stream, version, type and failing field. */
  decode(stored: StoredEventData): E;
  /** True when the catalog knows this event type (other aggregates' events are skipped by readers). */
  knows(type: string): boolean;
}

/** Builds an {@link EventCatalog} from one schema per event type. */
export const eventCatalog = <E extends Message>(
  schemas: {
    readonly [K in E["type"]]: EventSchema<Extract<E, { type: K }>>;
  },
): EventCatalog<E> => {
  const table = schemas as unknown as Readonly<Record<string, EventSchema<E>>>;
  const schemaOf = (type: string): EventSchema<E> | undefined =>
    Object.hasOwn(table, type) ? table[type] : undefined;
  return {
    types: Object.keys(table) as Array<E["type"]>,
    knows: (type) => schemaOf(type) !== undefined,
    encode: (event) => {
      const schema = schemaOf(event.type);
      if (!schema) throw new TypeError(`no schema for event type ${event.type}`);
      const encoded = schema.codec.encode(event) as { data: unknown };
      return { type: event.type, schemaVersion: schema.schemaVersion, data: encoded.data };
    },
    decode: (stored) => {
      const corrupt = (path: string, detail: string) =>
        new CorruptEvent(stored.streamId, stored.streamVersion, stored.type, path, detail);
      const schema = schemaOf(stored.type);
      if (!schema) throw corrupt("type", "unknown event type");
      if (!Number.isInteger(stored.schemaVersion) || stored.schemaVersion < 1) {
        throw corrupt("schemaVersion", `invalid schema version ${stored.schemaVersion}`);
      }
      if (stored.schemaVersion > schema.schemaVersion) {
        throw corrupt(
          "schemaVersion",
          `version ${stored.schemaVersion} is newer than this library knows (${schema.schemaVersion})`,
        );
      }
      let data = stored.data;
      for (let version = stored.schemaVersion; version < schema.schemaVersion; version++) {
        const upcast = schema.upcasters?.[version];
        if (!upcast) throw corrupt("schemaVersion", `no upcaster from version ${version}`);
        try {
          data = upcast(data);
        } catch (error) {
          // An upcaster that throws on odd data is still a corrupt event to the reader, never a crash.
          throw new CorruptEvent(
            stored.streamId,
            stored.streamVersion,
            stored.type,
            "data",
            `the upcaster from version ${version} failed`,
            { cause: error },
          );
        }
      }
      const decoded = schema.codec.decode({ type: stored.type, data });
      if (E.isLeft(decoded)) {
        const { path, expected } = describeErrors(decoded.left);
        throw corrupt(path, `must be ${expected}`);
      }
      return decoded.right;
    },
  };
};
