/** Options of {@link EsdbEventStore}; every one has a default. */
export interface EsdbEventStoreOptions {
  /** Events fetched per round trip when a read does not say (default 500). */
  readonly defaultBatchSize?: number;
  /** Prefix of the event-id index streams, one per event id (default `"vppLedgerEventId-"`). */
  readonly eventIdStreamPrefix?: string;
  /** Attempts of an `"any"` / `"stream_exists"` append racing other writers before it gives up (default 20). */
  readonly maxAppendAttempts?: number;
  /** Index reads or writes in flight at once for one append (default 32). */
  readonly indexConcurrency?: number;
}

/** Events per read round trip by default. */
export const DEFAULT_READ_BATCH_SIZE = 500;
/** Default prefix of the event-id index streams: a category of their own (ESDB splits at the first "-"). */
export const DEFAULT_EVENT_ID_STREAM_PREFIX = "vppLedgerEventId-";

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
};

/** The options with defaults applied, validated: a bad option fails at construction, not at first use. */
export const resolveStoreOptions = (options: EsdbEventStoreOptions = {}) => {
  const prefix = options.eventIdStreamPrefix ?? DEFAULT_EVENT_ID_STREAM_PREFIX;
  if (typeof prefix !== "string" || prefix.length === 0) {
    throw new TypeError("option eventIdStreamPrefix must be a non-empty string");
  }
  return {
    defaultBatchSize: positiveInteger(
      "defaultBatchSize",
      options.defaultBatchSize ?? DEFAULT_READ_BATCH_SIZE,
    ),
    eventIdStreamPrefix: prefix,
    maxAppendAttempts: positiveInteger("maxAppendAttempts", options.maxAppendAttempts ?? 20),
    indexConcurrency: positiveInteger("indexConcurrency", options.indexConcurrency ?? 32),
  };
};
