import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { InstallOutcome } from "@vpp-ledger/core";
import type { RaceResult } from "./install-race.js";
import type { RaceProcessReport, RaceProcessTask } from "./install-race-process.js";

const SCRIPT = fileURLToPath(new URL("./install-race-process.ts", import.meta.url));

/** What the processes of a round saw, merged. */
export interface ProcessesResult extends RaceResult {
  /** Appends refused for a stale expected version, over all processes. */
  readonly conflicts: number;
}

/**
 * Runs the install race in `processes` OS processes (node with tsx, as a host would run the sources), each with
 * its own connections and its own ledger shared by `callers` callers; process i takes every i-th user. Rejects
 * if a process fails or exits without reporting.
 */
export const raceInProcesses = async (
  processes: number,
  users: ReadonlyArray<string>,
  task: Omit<RaceProcessTask, "users">,
): Promise<ProcessesResult> => {
  const reports = await Promise.all(
    Array.from({ length: processes }, (_, i) => {
      const child = fork(SCRIPT, [], {
        execArgv: ["--import", "tsx", "--conditions=source"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      return new Promise<RaceProcessReport>((resolve, reject) => {
        child.once("message", (message) => resolve(message as RaceProcessReport));
        child.once("error", reject);
        child.once("exit", (code) =>
          reject(new Error(`race process ${i} exited with ${code} before reporting`)),
        );
        const mine: RaceProcessTask = { ...task, users: users.filter((_, n) => n % processes === i) };
        child.send(mine);
      });
    }),
  );
  const outcomes = new Map<string, InstallOutcome>();
  for (const report of reports) {
    for (const [userId, outcome] of report.outcomes) outcomes.set(userId, outcome as InstallOutcome);
  }
  return {
    outcomes,
    clientRetries: reports.reduce((sum, report) => sum + report.clientRetries, 0),
    conflicts: reports.reduce((sum, report) => sum + report.conflicts, 0),
  };
};
