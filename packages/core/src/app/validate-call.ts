import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { decodeWith, type InvalidInput } from "../shared/codec.js";
import type { Message } from "../shared/decider.js";
import { Identifier, Reference } from "../shared/ids.js";
import type { EventCatalog } from "../store/catalog.js";
import { InvalidEvent, isLedgerError } from "../store/errors.js";
import type { Actor } from "../store/port.js";
import type { CommandContext } from "./command.js";

/** Who caused a change (R18): one of the known kinds, with an optional opaque reference. */
export const ActorCodec: t.Type<Actor, Actor, unknown> = t.exact(
  t.intersection([
    t.type({
      kind: t.keyof({ admin: null, device: null, "apple-sync": null, schedule: null, system: null }),
    }),
    t.partial({ id: Reference }),
  ]),
);

const ContextCodec = t.intersection([
  t.type({ commandId: Reference, tenantId: Identifier, actor: ActorCodec }),
  t.partial({ correlationId: Reference, causationId: Reference }),
]);

const decodeContext = decodeWith(ContextCodec, "command context");

/**
 * Checks a command's context before anything is loaded or written: every id follows its grammar and the actor
 * is one of the known kinds, so the metadata stored with the events always reads back (R18, R24).
 */
export const checkContext = (context: unknown): E.Either<InvalidInput, CommandContext> =>
  E.map((decoded: t.TypeOf<typeof ContextCodec>): CommandContext => {
    // Rebuilt from the decoded fields only: nothing undeclared on the caller's object reaches the metadata.
    const { commandId, tenantId, actor, correlationId, causationId } = decoded;
    return {
      commandId,
      tenantId,
      actor: actor.id === undefined ? { kind: actor.kind } : { kind: actor.kind, id: actor.id },
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(causationId === undefined ? {} : { causationId }),
    };
  })(decodeContext(context));

/**
 * Reads each encoded event back through its catalog before it is appended: an event that would not decode on
 * read (a decider or upcaster bug) is refused as {@link InvalidEvent}, never written to poison the log.
 */
export const checkEncodedEvents = <Ev extends Message>(
  catalog: EventCatalog<Ev>,
  streamId: string,
  fromVersion: bigint,
  encoded: ReadonlyArray<{ readonly type: string; readonly schemaVersion: number; readonly data: unknown }>,
): InvalidEvent | undefined => {
  for (const [index, event] of encoded.entries()) {
    try {
      catalog.decode({ ...event, streamId, streamVersion: fromVersion + BigInt(index) + 1n });
    } catch (error) {
      if (!isLedgerError(error, "corrupt-event")) throw error;
      const { path } = error as unknown as { path: string };
      return new InvalidEvent(streamId, event.type, path, "it would not decode when read back");
    }
  }
  return undefined;
};
