import {
  assertValidStreamId,
  decodeLedgerEvent,
  isLedgerError,
  isLedgerStreamId,
  parseStreamId,
  type RecordedEvent,
} from "@vpp-ledger/core";
import { Command } from "commander";
import { CliUsageError, describeError, EXIT, type ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { parseFormat } from "../output/format.js";
import { onStore, type StoreOptions, withStoreOptions } from "./store-options.js";

interface InspectOptions extends StoreOptions {
  readonly format: "table" | "json" | "csv";
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

const actorOf = (recorded: RecordedEvent): string => {
  const { actor } = recorded.metadata;
  return actor.id === undefined ? actor.kind : `${actor.kind}:${actor.id}`;
};

/** One event as one line: decoded through the ledger's catalogs (upcast), or why it does not decode. */
const line = (
  recorded: RecordedEvent,
  format: "text" | "json",
): { readonly text: string; readonly ok: boolean } => {
  let data: unknown;
  let error: string | undefined;
  try {
    // Streams that are not the ledger's are shown as stored.
    data = decodeLedgerEvent(recorded)?.event.data ?? recorded.data;
  } catch (failure) {
    if (!isLedgerError(failure, "corrupt-event")) throw failure;
    error = describeError(failure);
  }
  if (format === "json") {
    return {
      ok: error === undefined,
      text: json({
        version: recorded.streamVersion,
        position: recorded.globalPosition,
        type: recorded.type,
        schemaVersion: recorded.schemaVersion,
        id: recorded.id,
        recordedAt: recorded.metadata.recordedAt,
        actor: recorded.metadata.actor,
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.metadata.causationId,
        ...(error === undefined ? { data } : { error }),
      }),
    };
  }
  const head = `v${recorded.streamVersion} @${recorded.globalPosition} ${recorded.metadata.recordedAt} ${recorded.type} by ${actorOf(recorded)}`;
  return {
    ok: error === undefined,
    text: error === undefined ? `${head} ${json(data)}` : `${head} UNREADABLE: ${error}`,
  };
};

/** `vpp-ledger streams inspect <stream>`: a stream's events, decoded, one a line. */
export const streamsCommand = (io: CliIo, done: (code: ExitCode) => void): Command => {
  const inspect = withStoreOptions(new Command("inspect"))
    .description("print a stream's events, decoded through the ledger's catalogs, one a line")
    .argument("<stream>", "a stream id, e.g. vpp-account:<tenant> or vpp-license:<tenant>:<adamId>")
    .option(
      "--format <format>",
      "table (one text line per event) or json (one JSON object per line)",
      parseFormat,
      "table",
    )
    .action(async (streamId: string, options: InspectOptions) => {
      try {
        assertValidStreamId(streamId);
      } catch (error) {
        throw new CliUsageError(`<stream> is not a valid stream id: ${describeError(error)}`);
      }
      // A typo in a ledger stream id would read as an empty stream: say what the id should look like.
      if (isLedgerStreamId(streamId) && parseStreamId(streamId) === undefined) {
        throw new CliUsageError(
          "<stream> is not a valid stream id: a ledger stream is vpp-account:<tenant> or " +
            "vpp-license:<tenant>:<adamId>, the tenant in the identifier grammar and the adamId digits",
        );
      }
      if (options.format === "csv") throw new CliUsageError("streams inspect prints table or json, not csv");
      const code = await onStore(options, io, async ({ store }) => {
        let events = 0;
        let unreadable = 0;
        for await (const recorded of store.readStream(streamId)) {
          events += 1;
          const printed = line(recorded, options.format === "json" ? "json" : "text");
          if (!printed.ok) unreadable += 1;
          io.out(`${printed.text}\n`);
        }
        if (events === 0) io.err(`stream ${streamId} has no events\n`);
        else if (unreadable > 0) io.err(`${unreadable} of ${events} events do not decode\n`);
        return events === 0 || unreadable > 0 ? EXIT.finding : EXIT.ok;
      });
      done(code);
    });
  return new Command("streams").description("look at one stream of the log").addCommand(inspect);
};
