import { randomUUID } from "node:crypto";
import {
  APPLE_VPP_BASE_URL,
  appleAccountId,
  createAppleClient,
  EncryptedTokenVault,
  syncAccount,
} from "@vpp-ledger/apple-sync";
import { createVppLedger } from "@vpp-ledger/core";
import { Command } from "commander";
import * as E from "fp-ts/lib/Either.js";
import { CliUsageError, EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type OutputFormat, parseFormat, toJson } from "../output/format.js";
import { FileByteStore } from "../vault/file-byte-store.js";
import { vaultKeyFrom } from "../vault/vault-key.js";
import { parseTenant, parseUser } from "./parse.js";
import { onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface SyncCommandOptions extends StoreOptions {
  readonly tenant?: string;
  readonly vault?: string;
  readonly appleUrl: string;
  readonly actor: string;
  readonly mdmId?: string;
  readonly mdmName?: string;
  readonly mdmMetadata?: string;
  readonly format: OutputFormat;
}

/**
 * The identity this server writes on Apple locations: the host's own (`--mdm-*` or `VPP_LEDGER_MDM_*`), or the sync
 * would see the location as claimed by another MDM (R6) or claim it under another name.
 */
const mdmInfoOf = (options: SyncCommandOptions, env: CliIo["env"]) => {
  const id = options.mdmId ?? env.VPP_LEDGER_MDM_ID;
  const name = options.mdmName ?? env.VPP_LEDGER_MDM_NAME;
  if (id === undefined || id === "" || name === undefined || name === "")
    throw new CliUsageError(
      "the sync needs this server's MDM identity, the one your host uses: --mdm-id and --mdm-name " +
        "(or VPP_LEDGER_MDM_ID and VPP_LEDGER_MDM_NAME)",
    );
  return { id, name, metadata: options.mdmMetadata ?? env.VPP_LEDGER_MDM_METADATA ?? "" };
};

/**
 * `vpp-ledger sync --tenant`: one manual sync of an account whose token is in the vault (sealed records in a
 * directory, the key from the environment), recorded in the account's stream like any other.
 */
export const syncCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withStoreOptions(new Command("sync"))
    .description(
      "sync one account with Apple now; its token is read from the vault, the key from the environment",
    )
    .option("--tenant <tenant>", "the tenant (required)", parseTenant)
    .option(
      "--vault <dir>",
      "the vault's directory of sealed records (required; key in $VPP_LEDGER_VAULT_KEY)",
    )
    .option("--apple-url <url>", "Apple's Apps and Books API", APPLE_VPP_BASE_URL)
    .option(
      "--actor <adminId>",
      "the admin asking, recorded with the sync (R18)",
      parseUser,
      "vpp-ledger-cli",
    )
    .option("--mdm-id <id>", "this server's MDM id on Apple locations, as the host's (or $VPP_LEDGER_MDM_ID)")
    .option("--mdm-name <name>", "this server's MDM name (or $VPP_LEDGER_MDM_NAME)")
    .option("--mdm-metadata <text>", "this server's MDM metadata (or $VPP_LEDGER_MDM_METADATA)")
    .option("--format <format>", "table or json", parseFormat, "table")
    .action(async (options: SyncCommandOptions) => {
      if (options.tenant === undefined) throw new CliUsageError("--tenant is required");
      if (options.vault === undefined) throw new CliUsageError("--vault is required (the vault's directory)");
      const tenantId = options.tenant;
      const vault = new EncryptedTokenVault({
        store: new FileByteStore(options.vault),
        currentKey: vaultKeyFrom(io.env),
      });
      const accountId = appleAccountId(tenantId);
      const mdmInfo = mdmInfoOf(options, io.env);
      const code = await onStore(options, io, async ({ store, snapshots }) => {
        if ((await vault.get(accountId)) === undefined)
          throw new CliUsageError(`the vault holds no token for tenant ${tenantId}: link the account first`);
        const ledger = createVppLedger({ store, snapshots });
        const client = createAppleClient({ vault, accountId, baseUrl: options.appleUrl, mdmInfo });
        const now = () => new Date().toISOString();
        const outcome = await syncAccount(
          { ledger, client, now, onWarning: (w) => io.err(`warning: ${toJson(w)}\n`) },
          { tenantId, syncId: `cli-${randomUUID()}`, trigger: "manual", at: now() },
          { actor: { kind: "admin", id: options.actor } },
        );
        if (E.isLeft(outcome))
          throw new CliUsageError(`the sync was refused: ${outcome.left.message} [${outcome.left.code}]`);
        const result = outcome.right;
        if (options.format === "json") {
          const { cause: _cause, ...printable } =
            result.status === "failed" ? result : { ...result, cause: undefined };
          io.out(`${toJson(printable)}\n`);
        } else if (result.status === "succeeded") {
          const r = result.report;
          io.out(
            `sync ${result.syncId} succeeded: ${r.apps} apps, ${r.users} users, ${r.assignments} assignments, ` +
              `${r.changes} changes, drift ${result.drift.appleOnly} Apple-only / ${result.drift.ledgerOnly} ledger-only\n`,
          );
        } else {
          io.out(`sync ${result.syncId} FAILED: ${result.failure.message} [${result.failure.code}]\n`);
        }
        return result.status === "succeeded" ? EXIT.ok : EXIT.finding;
      });
      done(code);
    });
