import { DEFAULT_SCHEMA } from "@vpp-ledger/eventstore-postgres";
import type { Command } from "commander";
import { EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type OpenedStore, openStore } from "../store/open-store.js";
import { resolveStoreTarget } from "../store/target.js";

/** The options every command has: where the store is and which schema. */
export interface StoreOptions {
  readonly store?: string;
  readonly schema: string;
}

/** Adds `--store` and `--schema` to a command. */
export const withStoreOptions = (command: Command): Command =>
  command
    .option(
      "--store <store>",
      "postgres://user@host/db, esdb://host:2113, or a PGlite data directory (default: $VPP_LEDGER_STORE)",
    )
    .option("--schema <name>", "the event store's PostgreSQL schema", DEFAULT_SCHEMA);

/** Opens the store of `options`, runs `work` on it, and closes it whatever happens. */
export const onStore = async (
  options: StoreOptions,
  io: CliIo,
  work: (opened: OpenedStore) => Promise<ExitCode>,
  mode: "read" | "migrate" = "read",
): Promise<ExitCode> => {
  const target = resolveStoreTarget(options.store, io.env);
  const opened = await openStore(target, { schema: options.schema, mode });
  try {
    return await work(opened);
  } finally {
    await opened.close().catch(() => undefined);
  }
};

/** The exit code of a command that found something (1) or nothing (0). */
export const exitFor = (found: boolean): ExitCode => (found ? EXIT.finding : EXIT.ok);
