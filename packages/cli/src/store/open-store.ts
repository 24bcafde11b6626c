import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { EventStoreDBClient } from "@eventstore/db-client";
import type { EventStore, SnapshotStore } from "@vpp-ledger/core";
import { EsdbEventStore, EsdbSnapshotStore } from "@vpp-ledger/eventstore-esdb";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
  startPglite,
} from "@vpp-ledger/eventstore-postgres";
import {
  createPgliteReadModels,
  createPostgresReadModels,
  type PostgresReadModels,
  type ReadModelsOptions,
} from "@vpp-ledger/projections-postgres";
import pg from "pg";
import { CliUsageError, describeError } from "../errors.js";
import type { StoreTarget } from "./target.js";

/** An open store, with what the commands need of it. */
export interface OpenedStore {
  readonly target: StoreTarget;
  readonly store: EventStore;
  /** The snapshots commands are loaded from (the `sync` command writes through the ledger). */
  readonly snapshots: SnapshotStore;
  /** The SQL stores beside the log (parked streams, checkpoints, migrations); undefined on EventStoreDB. */
  readonly storage: PostgresStorage | undefined;
  /** Opens the durable read models in the same database (PostgreSQL and PGlite only). */
  readModels(options: ReadModelsOptions): Promise<PostgresReadModels>;
  close(): Promise<void>;
}

/** How to open it. */
export interface OpenStoreOptions {
  /** The event store's schema (PostgreSQL, PGlite). */
  readonly schema: string;
  /**
   * `read` (every command but one) refuses a store without the ledger's schema and never creates anything;
   * `migrate` may create a PGlite directory and leaves migrating to the caller.
   */
  readonly mode: "read" | "migrate";
}

const noReadModels = (): Promise<PostgresReadModels> =>
  Promise.reject(
    new CliUsageError("read models live in PostgreSQL: open a postgres:// store or a PGlite directory"),
  );

const assertMigrated = async (storage: PostgresStorage, display: string): Promise<void> => {
  const rows = await storage.transaction((tx) =>
    tx.query("SELECT to_regclass($1) IS NOT NULL AS ready", [`"${storage.schema}".events`]),
  );
  if (rows[0]?.ready !== true) {
    throw new CliUsageError(
      `${display} holds no vpp-ledger schema "${storage.schema}": check --schema, or create it with \`vpp-ledger migrate\``,
    );
  }
};

const openPglite = async (
  target: Extract<StoreTarget, { kind: "pglite" }>,
  options: OpenStoreOptions,
): Promise<OpenedStore> => {
  const exists = existsSync(target.dataDir);
  if (exists && !statSync(target.dataDir).isDirectory()) {
    throw new CliUsageError(`--store ${target.display} is a file, not a PGlite data directory`);
  }
  // PGlite creates a database wherever it is pointed: only `migrate` may, or a typo would read an empty log.
  if (options.mode === "read" && !existsSync(join(target.dataDir, "PG_VERSION"))) {
    throw new CliUsageError(
      `--store ${target.display} is not a PGlite data directory (no PG_VERSION): check the path, or create one with \`vpp-ledger migrate\``,
    );
  }
  const db = await startPglite({ dataDir: target.dataDir });
  const storage = await createPgliteEventStore({ pglite: db, schema: options.schema, migrate: false });
  const opened: PostgresReadModels[] = [];
  return {
    target,
    store: storage.store,
    snapshots: storage.snapshots,
    storage,
    readModels: async (rmOptions) => {
      const models = await createPgliteReadModels({ pglite: db, ...rmOptions });
      opened.push(models);
      return models;
    },
    close: async () => {
      for (const models of opened) await models.close();
      await storage.close();
      await db.close();
    },
  };
};

const openPostgres = async (
  target: Extract<StoreTarget, { kind: "postgres" }>,
  options: OpenStoreOptions,
): Promise<OpenedStore> => {
  // The password, if any, comes from PGPASSWORD (read by pg) or a URL given through the environment.
  const pool = new pg.Pool({ connectionString: target.url, max: 4 });
  pool.on("error", () => undefined);
  const opened: PostgresReadModels[] = [];
  try {
    const storage = await createPostgresEventStore({ pool, schema: options.schema, migrate: false });
    return {
      target,
      store: storage.store,
      snapshots: storage.snapshots,
      storage,
      readModels: async (rmOptions) => {
        const models = await createPostgresReadModels({ pool, ...rmOptions });
        opened.push(models);
        return models;
      },
      close: async () => {
        for (const models of opened) await models.close();
        await storage.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
};

const openEsdb = async (target: Extract<StoreTarget, { kind: "esdb" }>): Promise<OpenedStore> => {
  const client = EventStoreDBClient.connectionString(target.url);
  const store = new EsdbEventStore(client);
  try {
    await store.headPosition();
  } catch (error) {
    await client.dispose().catch(() => undefined);
    throw error;
  }
  return {
    target,
    store,
    snapshots: new EsdbSnapshotStore(client),
    storage: undefined,
    readModels: noReadModels,
    close: () => client.dispose(),
  };
};

/**
 * Opens the store a command names. Any failure to open or to find the ledger's schema is a
 * {@link CliUsageError} naming the store (its password hidden) and what to do: the command checked nothing.
 */
export const openStore = async (target: StoreTarget, options: OpenStoreOptions): Promise<OpenedStore> => {
  let opened: OpenedStore | undefined;
  try {
    if (target.kind === "pglite") opened = await openPglite(target, options);
    else if (target.kind === "postgres") opened = await openPostgres(target, options);
    else opened = await openEsdb(target);
    if (opened.storage !== undefined && options.mode === "read")
      await assertMigrated(opened.storage, target.display);
    return opened;
  } catch (error) {
    await opened?.close().catch(() => undefined);
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`cannot open the store ${target.display}: ${describeError(error)}`);
  }
};
