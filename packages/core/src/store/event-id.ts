import { createHash } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID in canonical lowercase form, the only form stores accept as an event id. */
export const isCanonicalUuid = (value: unknown): value is string =>
  typeof value === "string" && UUID.test(value);

const bytesOf = (uuid: string): Buffer => Buffer.from(uuid.replaceAll("-", ""), "hex");

const format = (bytes: Uint8Array): string => {
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** RFC 9562 name-based UUID (version 5, SHA-1): the same namespace and name always give the same UUID. */
export const uuidV5 = (namespace: string, name: string): string => {
  if (!isCanonicalUuid(namespace))
    throw new TypeError(`namespace must be a lowercase UUID, got "${namespace}"`);
  const hash = createHash("sha1").update(bytesOf(namespace)).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return format(bytes);
};

/** Namespace of vpp-ledger event ids (a fixed random UUID: ids never collide with other v5 schemes). */
export const EVENT_ID_NAMESPACE = "3f1c2b9e-7d4a-4e8b-9a61-52c0d8e4f7a3";

/**
 * Id of the `index`-th event decided for a command. Deterministic, so a retried command produces the same ids
 * and the store recognises it (idempotent append). Give every command its own `commandId`, and every stream
 * its own command: a command id names one decision on one stream.
 */
export const eventIdFor = (commandId: string, index: number): string => {
  if (typeof commandId !== "string" || commandId.length === 0) {
    throw new TypeError("commandId must be a non-empty string (the caller's id of the command)");
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`event index must be a non-negative integer, got ${index}`);
  }
  // The index has no "#", so splitting at the last "#" recovers both parts: no two pairs share a name.
  return uuidV5(EVENT_ID_NAMESPACE, `${commandId}#${index}`);
};
