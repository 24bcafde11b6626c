import * as t from "io-ts";
import { ENVELOPE_FORMAT } from "./envelope.js";

interface IntBrand {
  readonly Int: unique symbol;
}

const Integer = t.brand(t.number, (n): n is t.Branded<number, IntBrand> => Number.isSafeInteger(n), "Int");

// The port's metadata, checked on the way out as the core checks it on the way in: a hand-edited or foreign
// event must give a named error, not a crash further downstream.
const Metadata = t.type({
  tenantId: t.string,
  correlationId: t.string,
  causationId: t.string,
  recordedAt: t.string,
  actor: t.intersection([t.type({ kind: t.string }), t.partial({ id: t.string })]),
});

/** The stored {@link LedgerEnvelope}, as read back. */
export const LedgerEnvelopeCodec = t.intersection([
  t.type({
    format: t.literal(ENVELOPE_FORMAT),
    schemaVersion: Integer,
    metadata: Metadata,
    appendId: t.string,
  }),
  t.partial({ stringData: t.literal(true) }),
]);

/**
 * Where a failing envelope field lives, named as the port names it when it has a port name (`schemaVersion`,
 * `metadata.tenantId`), else under the ESDB metadata key.
 */
export const envelopeFieldPath = (path: string, key: string): string => {
  if (path === "(root)") return `metadata.${key}`;
  if (path === "schemaVersion" || path === "metadata" || path.startsWith("metadata.")) return path;
  return `metadata.${key}.${path}`;
};
