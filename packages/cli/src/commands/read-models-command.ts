import { type PostgresStorage, validateSchemaName } from "@vpp-ledger/eventstore-postgres";
import {
  DEFAULT_READ_MODEL_SCHEMA,
  generationReader,
  type ReadModelStatus,
} from "@vpp-ledger/projections-postgres";
import { Command } from "commander";
import { CliUsageError, EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type OutputFormat, parseFormat, renderRows, toJson } from "../output/format.js";
import { logProgress } from "../output/progress.js";
import type { OpenedStore } from "../store/open-store.js";
import { parseCount } from "./parse.js";
import { onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface ReadModelOptions extends StoreOptions {
  readonly readModelsSchema: string;
  readonly processor?: string;
  readonly format: OutputFormat;
  readonly batchSize: number;
  readonly progress: boolean;
}

const withReadModelOptions = (command: Command): Command =>
  withStoreOptions(command).option(
    "--read-models-schema <name>",
    "the read models' PostgreSQL schema",
    DEFAULT_READ_MODEL_SCHEMA,
  );

const sqlStorage = (opened: OpenedStore) => {
  if (opened.storage === undefined)
    throw new CliUsageError("read models live in PostgreSQL: open a postgres:// store or a PGlite directory");
  return opened.storage;
};

const assertReadModelsExist = async (storage: PostgresStorage, schema: string): Promise<void> => {
  const rows = await storage.transaction((tx) =>
    tx.query("SELECT to_regclass($1) IS NOT NULL AS ready", [
      `"${validateSchemaName(schema)}".read_model_migrations`,
    ]),
  );
  if (rows[0]?.ready !== true)
    throw new CliUsageError(
      `no read models in schema "${schema}": check --read-models-schema, or create them with \`vpp-ledger migrate\``,
    );
};

/** The processor that feeds the serving generation, which a rebuild must hand the new one to. */
const servingProcessor = (status: ReadModelStatus): string | undefined =>
  status.generations.find((g) => g.generation === status.serving)?.processor ?? undefined;

const statusCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withReadModelOptions(new Command("status"))
    .description("generations, positions, lag behind the log, and parked streams of the durable read models")
    .option("--format <format>", "table, json or csv", parseFormat, "table")
    .action(async (options: ReadModelOptions) => {
      const code = await onStore(options, io, async (opened) => {
        const storage = sqlStorage(opened);
        await assertReadModelsExist(storage, options.readModelsSchema);
        const models = await opened.readModels({ schema: options.readModelsSchema, migrate: false });
        const status = await models.status();
        const head = await opened.store.headPosition?.();
        const processor = servingProcessor(status);
        const parked =
          processor === undefined
            ? []
            : await storage.parked.list(generationReader(processor, status.serving));
        const generations = status.generations.map((g) => ({
          generation: g.generation,
          status: g.status,
          processor: g.processor,
          position: g.position,
          lag: head === undefined ? null : head - (g.position ?? 0n),
        }));
        if (options.format === "json") {
          io.out(`${toJson({ serving: status.serving, head: head ?? null, generations, parked })}\n`);
          return EXIT.ok;
        }
        const columns = ["generation", "status", "processor", "position", "lag"];
        io.out(renderRows({ columns, rows: generations }, options.format));
        if (options.format === "table") {
          io.out(
            `log head: ${head ?? "unknown"}; serving generation ${status.serving}; parked streams: ${parked.length}\n`,
          );
          for (const p of parked)
            io.out(
              `  parked ${p.streamId} at v${p.streamVersion} (@${p.globalPosition}, ${p.code}): ${p.reason}\n`,
            );
        }
        return EXIT.ok;
      });
      done(code);
    });

const rebuildCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withReadModelOptions(new Command("rebuild"))
    .description(
      "rebuild every read model into a new generation while the serving one keeps serving, then switch",
    )
    .option(
      "--processor <name>",
      "the processor that feeds the read models (default: the serving generation's)",
    )
    .option("--batch-size <n>", "events per batch", (v) => parseCount(v, "--batch-size"), 2000)
    .option("--no-progress", "no progress bar, even on a terminal")
    .action(async (options: ReadModelOptions) => {
      const code = await onStore(options, io, async (opened) => {
        const storage = sqlStorage(opened);
        const models = await opened.readModels({ schema: options.readModelsSchema, migrate: true });
        const processor = options.processor ?? servingProcessor(await models.status());
        if (processor === undefined) {
          throw new CliUsageError(
            "no processor feeds these read models yet: name the one your host runs with --processor <name>",
          );
        }
        const head = await opened.store.headPosition?.();
        const progress = logProgress(options.progress ? io.progressStream : undefined, "rebuild", head);
        const report = await models
          .rebuild({
            store: opened.store,
            parked: storage.parked,
            processor,
            batchSize: options.batchSize,
            onProgress: (p) => {
              if (p.position !== undefined) progress.update(p.position, p.events);
            },
          })
          .finally(() => progress.stop());
        io.out(
          `rebuilt generation ${report.generation} (was ${report.previous}${report.resumed ? ", resumed" : ""}): ` +
            `${report.events} events up to position ${report.position ?? "none"}, now serving\n`,
        );
        return EXIT.ok;
      });
      done(code);
    });

/** `vpp-ledger read-models status|rebuild`: the durable read models of `@vpp-ledger/projections-postgres`. */
export const readModelsCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  new Command("read-models")
    .description("the durable read models in PostgreSQL: status, rebuild")
    .addCommand(statusCommand(io, done))
    .addCommand(rebuildCommand(io, done));
