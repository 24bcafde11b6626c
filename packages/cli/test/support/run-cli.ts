import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: tsx and the workspace packages resolve from there. */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
/** The real binary, as `npm install` links it. */
const BIN = fileURLToPath(new URL("../../bin/vpp-ledger.js", import.meta.url));
/** Node running the binary from the TypeScript sources (the `source` export condition, through tsx). */
const NODE = [process.execPath, "--conditions=source", "--import", "tsx", BIN];

/** What a run of the binary printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const spawnCli = (
  file: string,
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    // No store variable inherited from the caller's environment: each test says where its store is.
    const { VPP_LEDGER_STORE: _store, VPP_LEDGER_STORE_FILE: _file, ...inherited } = process.env;
    const child = spawn(file, [...args], {
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

/** Runs `vpp-ledger` in a child process, with the environment given. */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> => {
  const [node = process.execPath, ...nodeArgs] = NODE;
  return spawnCli(node, [...nodeArgs, ...args], env);
};

const shellWord = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `vpp-ledger` on a terminal: util-linux `script` gives it a pseudo-terminal, so stderr is a TTY and the
 * progress bar draws. Everything it printed arrives on `stdout`, escape sequences included.
 */
export const runCliOnTerminal = (args: ReadonlyArray<string>): Promise<CliRun> =>
  spawnCli("script", ["-qec", [...NODE, ...args].map(shellWord).join(" "), "/dev/null"], {});

/** Lines of a stack trace: never shown to an operator. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
