import { DEFAULT_READ_MODEL_SCHEMA } from "@vpp-ledger/projections-postgres";
import { Command } from "commander";
import { CliUsageError, EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface MigrateOptions extends StoreOptions {
  readonly readModels: boolean;
  readonly readModelsSchema: string;
}

const applied = (versions: ReadonlyArray<number>): string =>
  versions.length === 0 ? "already current" : `applied ${versions.join(", ")}`;

/** `vpp-ledger migrate`: creates or upgrades the PostgreSQL schemas (event store, then read models). */
export const migrateCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withStoreOptions(new Command("migrate"))
    .description(
      "create or upgrade the event store's schema and the read models' (idempotent, safe to run twice)",
    )
    .option("--no-read-models", "only the event store's schema")
    .option("--read-models-schema <name>", "the read models' PostgreSQL schema", DEFAULT_READ_MODEL_SCHEMA)
    .action(async (options: MigrateOptions) => {
      const code = await onStore(
        options,
        io,
        async (opened) => {
          if (opened.storage === undefined)
            throw new CliUsageError(
              "EventStoreDB has no schema to migrate: migrate applies to PostgreSQL and PGlite",
            );
          const store = await opened.storage.migrate();
          io.out(
            `event store schema "${store.schema}": migration ${store.from} → ${store.to} (${applied(store.applied)})\n`,
          );
          if (options.readModels) {
            // Opening migrates them; opening without migrating is refused by a fresh schema, so ask afterwards.
            const models = await opened.readModels({ schema: options.readModelsSchema, migrate: true });
            const report = await models.migrate();
            io.out(`read models schema "${report.schema}": migration ${report.to} (current)\n`);
          }
          return EXIT.ok;
        },
        "migrate",
      );
      done(code);
    });
