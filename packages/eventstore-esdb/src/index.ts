export { CLAIM_EVENT_TYPE } from "./append/event-id-index.js";
export { isStreamNotFound, isTransientFailure, translateClientError } from "./client/errors.js";
export { LEDGER_KEY, type LedgerEnvelope } from "./codec/envelope.js";
export { EsdbEventStore } from "./esdb-event-store.js";
export {
  expectedRevisionFor,
  revisionOfVersion,
  versionOfCurrent,
  versionOfRevision,
} from "./mapping/revision.js";
export {
  DEFAULT_EVENT_ID_STREAM_PREFIX,
  DEFAULT_READ_BATCH_SIZE,
  type EsdbEventStoreOptions,
} from "./options.js";
export { MAX_HEAD_SCAN } from "./read/head-position.js";
export {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_RESET_EVENT_TYPE,
  DEFAULT_CHECKPOINT_STREAM_PREFIX,
  EsdbCheckpointStore,
  type EsdbCheckpointStoreOptions,
} from "./readers/esdb-checkpoint-store.js";
export {
  DEFAULT_PARKED_STREAM,
  EsdbParkedStreamStore,
  type EsdbParkedStreamStoreOptions,
} from "./readers/esdb-parked-stream-store.js";
export { STREAM_PARKED_EVENT_TYPE, STREAM_RELEASED_EVENT_TYPE } from "./readers/parked-records.js";
export {
  DEFAULT_SNAPSHOT_STREAM_PREFIX,
  EsdbSnapshotStore,
  type EsdbSnapshotStoreOptions,
} from "./snapshot/esdb-snapshot-store.js";
export { SNAPSHOT_EVENT_TYPE } from "./snapshot/snapshot-record.js";
