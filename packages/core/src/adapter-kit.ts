/**
 * `@vpp-ledger/core/adapter-kit`: what only authors of an event store adapter need. The rules every store
 * applies the same way (an append's expected version and idempotency, the validation of what is stored, read
 * options, event ids), so a new adapter passes the shared contract (`@vpp-ledger/core/testing`) by reusing them.
 * Hosts never need this entry point.
 */

export { describeErrors, isStorableText } from "./shared/codec.js";
export {
  type AppendClassification,
  canonicalJson,
  checkExpectedVersion,
  classifyAppend,
  sameEventContent,
  satisfiesExpectedVersion,
} from "./store/append-rules.js";
export { assertValidAppend, assertValidExpectedVersion, isJson } from "./store/append-validation.js";
export type { StoredEventData } from "./store/catalog.js";
export { EVENT_ID_NAMESPACE, isCanonicalUuid, uuidV5 } from "./store/event-id.js";
export { type ResolvedReadOptions, resolveReadOptions } from "./store/read-options.js";
export { assertValidSnapshot } from "./store/snapshot-validation.js";
