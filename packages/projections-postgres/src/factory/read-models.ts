import {
  defaultVppAccountPolicy,
  type EventStore,
  type LogProcessorOptions,
  type ParkedStream,
  type ParkedStreamStore,
  type VppAccountPolicy,
} from "@vpp-ledger/core";
import { type SqlClient, toPortError, validateSchemaName } from "@vpp-ledger/eventstore-postgres";
import { ReadModelQueries } from "../query/read-model-queries.js";
import { dropGeneration } from "../rebuild/generations.js";
import { type RebuildOptions, type RebuildReport, rebuildReadModels } from "../rebuild/rebuild.js";
import {
  assertReadModelsNotNewer,
  migrateReadModels,
  type ReadModelMigrationReport,
} from "../schema/migrate.js";
import { GenerationParkedStreams } from "../sink/generation-parked.js";
import { ReadModelSink } from "../sink/read-model-sink.js";
import { guardedClient } from "./guarded-client.js";
import { type ReadModelStatus, readStatus } from "./status.js";

/** The schema the read models use when none is named. */
export const DEFAULT_READ_MODEL_SCHEMA = "vpp_read_models";

/** Options of every read-model factory. */
export interface ReadModelsOptions {
  /** Schema of the read models (may be the event store's: their tables do not clash). `vpp_read_models` unless set. */
  readonly schema?: string;
  /** Create or upgrade the schema when opening (the default); with `false` run `migrate()` yourself. */
  readonly migrate?: boolean;
  /** The event store's schema, where a `LeasedProcessor`'s lease is checked in each batch's transaction. */
  readonly leaseSchema?: string;
  /** The account policy the account page's status uses (R5); the product's defaults unless set. */
  readonly policy?: VppAccountPolicy;
}

/**
 * Log entries per batch of a feeding processor unless set: a batch costs a fixed number of statements (about
 * twenty) whatever its size, so large batches make catching up cheaper; 2,000 keeps a batch's memory small.
 */
export const DEFAULT_FEED_BATCH_SIZE = 2_000;

/** What a processor that feeds the read models needs beyond its sink. */
export interface FeedOptions {
  /** The processor's name: one per read models. */
  readonly name: string;
  readonly store: EventStore;
  /** Durable parked streams (the event store's `storage.parked`): entries are kept per generation. */
  readonly parked: ParkedStreamStore;
  /** Log entries per batch; `DEFAULT_FEED_BATCH_SIZE` unless set. */
  readonly batchSize?: number;
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
}

/** The durable read models: their queries, the sink that feeds them, and their rebuild. */
export interface PostgresReadModels {
  /** The validated schema name. */
  readonly schema: string;
  /** The console's queries, over the serving generation. */
  readonly queries: ReadModelQueries;
  /**
   * A `LogProcessor`'s options that feed the read models: give them to a `LogProcessor` or `LeasedProcessor`.
   * Parked streams are kept per generation.
   */
  feed(options: FeedOptions): LogProcessorOptions;
  /** The exactly-once sink alone (when building processor options yourself, give it parked streams per generation). */
  sink(processor: string): ReadModelSink;
  /** Rebuilds every read model into a new generation while the serving one keeps serving, then switches. */
  rebuild(options: RebuildOptions): Promise<RebuildReport>;
  /** Drops a generation that no longer serves (one a rebuild kept with `keepPrevious`). */
  dropGeneration(generation: number): Promise<void>;
  /** Generations, the serving one, and their positions. */
  status(): Promise<ReadModelStatus>;
  migrate(): Promise<ReadModelMigrationReport>;
  /** Drains running operations, then ends the connection if the factory opened it. */
  close(): Promise<void>;
}

/**
 * Opens the read models over a {@link SqlClient} (a `pgClient` or `pgliteClient` of
 * `@vpp-ledger/eventstore-postgres`): validates the schema name, migrates (or checks) the schema.
 */
export const openReadModels = async (
  client: SqlClient,
  options: ReadModelsOptions = {},
): Promise<PostgresReadModels> => {
  const schema = validateSchemaName(options.schema ?? DEFAULT_READ_MODEL_SCHEMA);
  const leaseSchema = options.leaseSchema === undefined ? undefined : validateSchemaName(options.leaseSchema);
  const db = guardedClient(client, `the read models of schema "${schema}"`);
  try {
    if (options.migrate === false) await assertReadModelsNotNewer(db, schema);
    else await migrateReadModels(db, schema);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toPortError(error, "opening the read models");
  }
  const sink = (processor: string) =>
    new ReadModelSink(db, schema, { processor, ...(leaseSchema === undefined ? {} : { leaseSchema }) });
  return {
    schema,
    queries: new ReadModelQueries(db, schema, options.policy ?? defaultVppAccountPolicy),
    sink,
    feed: ({ name, store, parked, batchSize, onParked }) => {
      const feeding = sink(name);
      return {
        name,
        store,
        sink: feeding,
        parked: new GenerationParkedStreams(parked, () => feeding.generation),
        batchSize: batchSize ?? DEFAULT_FEED_BATCH_SIZE,
        ...(onParked === undefined ? {} : { onParked }),
      };
    },
    rebuild: (rebuildOptions) => rebuildReadModels(db, schema, rebuildOptions),
    dropGeneration: (generation) => dropGeneration(db, schema, generation),
    status: () => readStatus(db, schema),
    migrate: () => migrateReadModels(db, schema),
    close: () => db.close(),
  };
};
