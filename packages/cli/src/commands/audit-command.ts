import type { ParkedStream } from "@vpp-ledger/core";
import type { AuditViolation } from "@vpp-ledger/projections";
import { Command } from "commander";
import { CliUsageError, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type OutputFormat, parseFormat, type Rows, renderRows, toJson } from "../output/format.js";
import { logProgress } from "../output/progress.js";
import { type AuditOutcome, auditLog } from "./audit.js";
import { parseApp, parseCount, parseInstant, parsePosition, parseTenant } from "./parse.js";
import { exitFor, onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface AuditCommandOptions extends StoreOptions {
  readonly tenant?: string;
  readonly app?: string;
  readonly until?: bigint;
  readonly at?: string;
  readonly format: OutputFormat;
  readonly batchSize: number;
  readonly progress: boolean;
}

const FINDING_COLUMNS = [
  "rule",
  "stream",
  "version",
  "position",
  "tenant",
  "app",
  "user",
  "actor",
  "message",
];

const violationRow = (v: AuditViolation) => ({
  rule: v.rule,
  stream: v.place.streamId,
  version: v.place.streamVersion,
  position: v.place.globalPosition,
  tenant: v.tenantId,
  app: v.adamId,
  user: v.userId,
  actor: v.place.actor.id === undefined ? v.place.actor.kind : `${v.place.actor.kind}:${v.place.actor.id}`,
  message: v.message,
});

const unreadableRow = (p: ParkedStream) => ({
  rule: "R24",
  stream: p.streamId,
  version: p.streamVersion,
  position: p.globalPosition,
  tenant: null,
  app: null,
  user: null,
  actor: null,
  message: `${p.eventType} does not decode (${p.code}${p.field === "" ? "" : ` at ${p.field}`}): ${p.reason}`,
});

const findings = (outcome: AuditOutcome): Rows => ({
  columns: FINDING_COLUMNS,
  rows: [
    ...(outcome.violation === null ? [] : [violationRow(outcome.violation)]),
    ...outcome.unreadable.map(unreadableRow),
  ],
});

const summary = (o: AuditOutcome): string =>
  `audited ${o.eventsRead} events (${o.eventsChecked} in scope, ${o.pools} pools) up to position ` +
  `${o.position ?? "none"} in ${(o.elapsedMs / 1000).toFixed(1)} s: ${o.eventsPerSecond} events/s\n`;

const print = (outcome: AuditOutcome, format: OutputFormat, io: CliIo): void => {
  if (format === "json") {
    io.out(
      `${toJson({ ...outcome, clean: outcome.violation === null && outcome.unreadable.length === 0 })}\n`,
    );
    return;
  }
  const rows = findings(outcome);
  if (format === "csv") {
    io.out(renderRows(rows, "csv"));
    io.err(summary(outcome));
    return;
  }
  io.out(summary(outcome));
  if (rows.rows.length === 0) io.out("clean: every assignment kept R13 and R16 (R19)\n");
  else
    io.out(
      `VIOLATION: the first event that broke a rule, and unreadable streams\n${renderRows(rows, "table")}`,
    );
};

/** `vpp-ledger audit`: R19 over the whole history (exit 0 clean, 1 a violation or an unreadable event). */
export const auditCommand = (io: CliIo, done: (code: ExitCode) => void): Command =>
  withStoreOptions(new Command("audit"))
    .description("check R13 and R16 at every event of the log (R19) and name the first violation")
    .option("--tenant <tenant>", "only this tenant's pools", parseTenant)
    .option("--app <adamId>", "only this app's pools", parseApp)
    .option("--until <position>", "stop after this log position", (v) => parsePosition(v))
    .option("--at <iso>", "only events recorded at or before this instant", (v) => parseInstant(v))
    .option("--format <format>", "table, json or csv", parseFormat, "table")
    .option("--batch-size <n>", "events read per round trip", (v) => parseCount(v, "--batch-size"), 2000)
    .option("--no-progress", "no progress bar, even on a terminal")
    .action(async (options: AuditCommandOptions) => {
      if (options.until !== undefined && options.at !== undefined)
        throw new CliUsageError("give --until or --at, not both: one says where in the log to stop");
      const code = await onStore(options, io, async ({ store }) => {
        const head = await store.headPosition?.();
        const end =
          options.until !== undefined && head !== undefined && options.until < head ? options.until : head;
        const progress = logProgress(options.progress ? io.progressStream : undefined, "audit", end);
        const outcome = await auditLog(
          store,
          {
            ...(options.tenant === undefined ? {} : { tenantId: options.tenant }),
            ...(options.app === undefined ? {} : { adamId: options.app }),
            ...(options.until === undefined ? {} : { until: options.until }),
            ...(options.at === undefined ? {} : { at: options.at }),
            batchSize: options.batchSize,
          },
          progress,
        );
        print(outcome, options.format, io);
        return exitFor(outcome.violation !== null || outcome.unreadable.length > 0);
      });
      done(code);
    });
