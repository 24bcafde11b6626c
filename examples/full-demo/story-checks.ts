import type { ByteStore, SyncOutcome } from "@vpp-ledger/apple-sync";
import type { EventStore } from "@vpp-ledger/core";
import { say } from "./story-kit.js";

/** Prints how a sync ended and its report (the account page shows the same). */
export const printSync = (outcome: SyncOutcome): void => {
  if (outcome.status === "failed") {
    say(`   ${outcome.syncId}: failed (${outcome.failure.code})`);
    return;
  }
  const r = outcome.report;
  say(
    `   ${outcome.syncId}: apps ${r.apps}, our users ${r.users}, our assignments ${r.assignments}, ` +
      `ignored foreign users ${r.ignoredForeignUsers} and assignments ${r.ignoredForeignAssignments}, ` +
      `drift ${r.drift}, changes ${r.changes}` +
      (r.importedDevices ? `, imported devices ${r.importedDevices}` : ""),
  );
};

const containsAny = (text: string, secrets: ReadonlyArray<string>) => secrets.some((s) => text.includes(s));

/** Says what the vault's storage holds, and whether any form of the token can be read in it. */
export const sealedAway = async (
  records: ByteStore,
  accountId: string,
  secrets: ReadonlyArray<string>,
): Promise<string> => {
  // `vpp-stoken/` is the vault's default key prefix.
  const record = await records.get(`vpp-stoken/${accountId}`);
  if (!record) return "NO RECORD (bug)";
  const readable = containsAny(Buffer.from(record).toString("latin1"), secrets);
  return `one sealed record of ${record.byteLength} bytes (AES-256-GCM), token readable in it: ${readable ? "YES (bug)" : "no"}`;
};

/** Looks for every form of the token in the data and metadata of every event of the log. */
export const tokenInLog = async (store: EventStore, secrets: ReadonlyArray<string>): Promise<string> => {
  let events = 0;
  let leaks = 0;
  for await (const recorded of store.readAll()) {
    events += 1;
    if (containsAny(JSON.stringify([recorded.data, recorded.metadata]), secrets)) leaks += 1;
  }
  return leaks === 0 ? `appears in none of the ${events} events: no` : `APPEARS in ${leaks} events (bug)`;
};
