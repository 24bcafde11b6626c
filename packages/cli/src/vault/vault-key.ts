import { readFileSync } from "node:fs";
import type { VaultKey } from "@vpp-ledger/apple-sync";
import { CliUsageError } from "../errors.js";

/** The vault key, base64 of 32 bytes: from this variable, or from the file the next one names. */
export const VAULT_KEY_ENV = "VPP_LEDGER_VAULT_KEY";
/** A file holding the vault key (base64). */
export const VAULT_KEY_FILE_ENV = "VPP_LEDGER_VAULT_KEY_FILE";
/** The key's id as written in each sealed record (default `key-1`). */
export const VAULT_KEY_ID_ENV = "VPP_LEDGER_VAULT_KEY_ID";

/** Reads the vault key from the environment or a file: never from an argument. */
export const vaultKeyFrom = (env: Readonly<Record<string, string | undefined>>): VaultKey => {
  let encoded = env[VAULT_KEY_ENV];
  const file = env[VAULT_KEY_FILE_ENV];
  if ((encoded === undefined || encoded === "") && file !== undefined && file !== "") {
    try {
      encoded = readFileSync(file, "utf8");
    } catch {
      throw new CliUsageError(
        `cannot read ${VAULT_KEY_FILE_ENV} (${file}): give a readable file holding the key`,
      );
    }
  }
  if (encoded === undefined || encoded.trim() === "") {
    throw new CliUsageError(
      `the vault key is missing: set ${VAULT_KEY_ENV} (base64 of 32 bytes) or ${VAULT_KEY_FILE_ENV}`,
    );
  }
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.byteLength !== 32) {
    throw new CliUsageError(
      `${VAULT_KEY_ENV} must be base64 of exactly 32 bytes (it decodes to ${key.byteLength})`,
    );
  }
  return { id: env[VAULT_KEY_ID_ENV] ?? "key-1", key: new Uint8Array(key) };
};
