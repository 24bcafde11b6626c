import type { EventPlace } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";
import { Command } from "commander";
import { CliUsageError, EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type OutputFormat, parseFormat, type Rows, renderRows } from "../output/format.js";
import { logProgress } from "../output/progress.js";
import { licenseHistory, whoHeld } from "./history.js";
import { parseApp, parseDevice, parseInstant, parseTenant, parseUser } from "./parse.js";
import { onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface HistoryOptions extends StoreOptions {
  readonly tenant?: string;
  readonly app?: string;
  readonly user?: string;
  readonly device?: string;
  readonly at?: string;
  readonly format: OutputFormat;
  readonly progress: boolean;
}

const actor = (place: EventPlace): string =>
  place.actor.id === undefined ? place.actor.kind : `${place.actor.kind}:${place.actor.id}`;

const COLUMNS = [
  "app",
  "holder",
  "kind",
  "from",
  "until",
  "reason",
  "assigned_version",
  "assigned_position",
  "assigned_by",
  "reclaimed_version",
  "reclaimed_by",
];

const holdingRows = (holdings: ReadonlyArray<Holding>): Rows => ({
  columns: COLUMNS,
  rows: holdings.map((h) => ({
    app: h.adamId,
    holder: h.userId,
    kind: h.holderKind,
    from: h.from,
    until: h.until,
    reason: h.reclaimReason,
    assigned_version: h.assignedBy.streamVersion,
    assigned_position: h.assignedBy.globalPosition,
    assigned_by: actor(h.assignedBy),
    reclaimed_version: h.reclaimedBy?.streamVersion ?? null,
    reclaimed_by: h.reclaimedBy === null ? null : actor(h.reclaimedBy),
  })),
});

const required = <T>(value: T | undefined, option: string): T => {
  if (value === undefined) throw new CliUsageError(`${option} is required`);
  return value;
};

const tenantOption = "--tenant <tenant>";
const formatOption = ["--format <format>", "table, json or csv"] as const;

/** `vpp-ledger who-held`: the users and devices holding a license of an app at an instant (R18). */
export const whoHeldCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withStoreOptions(new Command("who-held"))
    .description(
      "who held a license of an app at an instant (R18): users and devices, from the pool's own stream",
    )
    .option(tenantOption, "the tenant (required)", parseTenant)
    .option("--app <adamId>", "the app (required)", parseApp)
    .option("--at <iso>", "the instant, ISO-8601 with an offset (required)", (v) => parseInstant(v))
    .option(formatOption[0], formatOption[1], parseFormat, "table")
    .action(async (options: HistoryOptions) => {
      const tenant = required(options.tenant, "--tenant");
      const app = required(options.app, "--app");
      const at = required(options.at, "--at");
      const code = await onStore(options, io, async ({ store }) => {
        const holdings = await whoHeld(store, tenant, app, at);
        io.out(renderRows(holdingRows(holdings), options.format));
        return EXIT.ok;
      });
      done(code);
    });

/** `vpp-ledger history`: a tenant's license history, of an app and/or a user (R18). */
export const historyCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withStoreOptions(new Command("history"))
    .description("a tenant's license history (R18): every holding with the events that opened and closed it")
    .option(tenantOption, "the tenant (required)", parseTenant)
    .option("--app <adamId>", "only this app (read from its pool's stream, no log scan)", parseApp)
    .option("--user <userId>", "only this user", parseUser)
    .option("--device <serialNumber>", "only this device (device licenses, R20)", parseDevice)
    .option(formatOption[0], formatOption[1], parseFormat, "table")
    .option("--no-progress", "no progress bar, even on a terminal")
    .action(async (options: HistoryOptions) => {
      const tenantId = required(options.tenant, "--tenant");
      if (options.user !== undefined && options.device !== undefined)
        throw new CliUsageError("give --user or --device, not both: a holding is held by one or the other");
      const code = await onStore(options, io, async ({ store }) => {
        const head = options.app === undefined ? await store.headPosition?.() : undefined;
        const progress = logProgress(options.progress ? io.progressStream : undefined, "history", head);
        const holdings = await licenseHistory(
          store,
          {
            tenantId,
            ...(options.app === undefined ? {} : { adamId: options.app }),
            ...(options.user === undefined ? {} : { userId: options.user }),
            ...(options.device === undefined ? {} : { serialNumber: options.device }),
          },
          progress,
        );
        io.out(renderRows(holdingRows(holdings), options.format));
        return EXIT.ok;
      });
      done(code);
    });
