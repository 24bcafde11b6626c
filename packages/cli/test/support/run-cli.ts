import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: tsx and the workspace packages resolve from there. */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
/** The real binary, as `npm install` links it. */
const BIN = fileURLToPath(new URL("../../bin/vpp-ledger.js", import.meta.url));

/** What a run of the binary printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `vpp-ledger` in a child process, from the TypeScript sources (the `source` export condition, through
 * tsx), with the environment given and no store variable inherited from the caller's.
 */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const { VPP_LEDGER_STORE: _store, VPP_LEDGER_STORE_FILE: _file, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", BIN, ...args], {
      cwd: ROOT,
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

/** Lines of a stack trace: never shown to an operator. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
