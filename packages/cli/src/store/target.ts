import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CliUsageError } from "../errors.js";

/** Which store a command reads: a PostgreSQL server, an EventStoreDB cluster, or a PGlite data directory. */
export type StoreTarget =
  | { readonly kind: "postgres"; readonly url: string; readonly display: string }
  | { readonly kind: "esdb"; readonly url: string; readonly display: string }
  | { readonly kind: "pglite"; readonly dataDir: string; readonly display: string };

/** Environment variables the store may come from instead of `--store` (the only way to pass a password). */
export const STORE_ENV = "VPP_LEDGER_STORE";
/** A file holding the store URL (for URLs with a password kept out of the environment too). */
export const STORE_FILE_ENV = "VPP_LEDGER_STORE_FILE";

const POSTGRES = new Set(["postgres:", "postgresql:"]);
const ESDB = new Set(["esdb:", "esdb+discover:", "kurrentdb:", "kurrentdb+discover:", "kurrent:"]);

const hidePassword = (url: URL): string => {
  const shown = new URL(url.href);
  if (shown.password !== "") shown.password = "***";
  return shown.href;
};

const fromSource = (
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { readonly value: string; readonly fromArgument: boolean } => {
  if (option !== undefined && option.trim() !== "") return { value: option.trim(), fromArgument: true };
  const fromEnv = env[STORE_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), fromArgument: false };
  const file = env[STORE_FILE_ENV];
  if (file !== undefined && file.trim() !== "") {
    try {
      return { value: readFileSync(file, "utf8").trim(), fromArgument: false };
    } catch {
      throw new CliUsageError(
        `cannot read ${STORE_FILE_ENV} (${file}): give a readable file holding the store URL`,
      );
    }
  }
  throw new CliUsageError(
    `no store given: pass --store <postgres://… | esdb://… | a PGlite directory>, or set ${STORE_ENV}`,
  );
};

/**
 * Resolves `--store` (or {@link STORE_ENV} / {@link STORE_FILE_ENV}) to a target. A password in `--store` is
 * refused: arguments show in `ps` and shell history. Give it through `PGPASSWORD`, or put the whole URL in the
 * environment or a file.
 */
export const resolveStoreTarget = (
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): StoreTarget => {
  const { value, fromArgument } = fromSource(option, env);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const dataDir = resolve(value);
    return { kind: "pglite", dataDir, display: dataDir };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError(`--store is not a valid URL (scheme ${scheme}://): check its spelling`);
  }
  if (fromArgument && url.password !== "") {
    throw new CliUsageError(
      "--store holds a password, and arguments show in process lists and shell history: " +
        `drop it and set PGPASSWORD, or put the URL in ${STORE_ENV} or a file named by ${STORE_FILE_ENV}`,
    );
  }
  if (POSTGRES.has(url.protocol)) return { kind: "postgres", url: value, display: hidePassword(url) };
  if (ESDB.has(url.protocol)) return { kind: "esdb", url: value, display: hidePassword(url) };
  throw new CliUsageError(
    `--store scheme ${scheme}:// is not a store this CLI opens: use postgres://, esdb:// or a PGlite directory`,
  );
};
