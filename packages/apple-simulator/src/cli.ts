/**
 * `vpp-apple-sim`: runs the simulator standalone, e.g. `vpp-apple-sim --port 0 --seed demo`. Prints the base
 * URL and, with a seed, where the demo location's `.vpptoken` file was written (never the token itself).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { seedDemo } from "./demo-seed.js";
import type { OperationCompletion } from "./options.js";
import { type AppleSimulator, startAppleSimulator } from "./simulator.js";

/** Thrown for bad command-line arguments; `code` is stable. */
export class CliUsageError extends Error {
  /** Stable code for programmatic handling. */
  readonly code = "SIM_CLI_USAGE";
  override readonly name = "CliUsageError";
}

/** The usage text. */
export const USAGE = `Usage: vpp-apple-sim [--port N] [--seed demo] [--page-size N] [--events immediate|manual|<ms>]
                     [--max-rps N] [--token-dir DIR] [--realism instant|realistic]
                     [--time-scale N] [--random-seed N]
Serves Apple's Apps and Books API v2 on 127.0.0.1 under /mdm/v2, control endpoints under /_sim/.`;

const integer = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new CliUsageError(`--${name} must be a whole number, got ${raw}.\n${USAGE}`);
  return Number(raw);
};

const completion = (raw: string | undefined): OperationCompletion => {
  if (raw === undefined || raw === "immediate" || raw === "manual") return raw ?? "immediate";
  return { afterMs: integer("events", raw, 0) };
};

/** A running CLI session. */
export interface CliSession {
  readonly sim: AppleSimulator;
  /** Where the demo token file was written, with `--seed demo`. */
  readonly tokenFilePath: string | undefined;
}

/** Parses `argv`, starts the simulator and prints where it is. */
export const runCli = async (argv: readonly string[], print: (line: string) => void): Promise<CliSession> => {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        "page-size": { type: "string" },
        events: { type: "string" },
        "max-rps": { type: "string" },
        "token-dir": { type: "string" },
        realism: { type: "string" },
        "time-scale": { type: "string" },
        "random-seed": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.seed !== undefined && values.seed !== "demo") {
    throw new CliUsageError(`--seed only knows "demo", got ${values.seed}.\n${USAGE}`);
  }
  const realism = values.realism ?? "instant";
  if (realism !== "instant" && realism !== "realistic") {
    throw new CliUsageError(`--realism takes instant or realistic, got ${realism}.\n${USAGE}`);
  }
  const sim = await startAppleSimulator({
    port: integer("port", values.port, 0),
    pageSize: integer("page-size", values["page-size"], 200),
    maxRequestPerSecond: integer("max-rps", values["max-rps"], 15),
    // Without --events the realism preset decides when operations (Apple's events) complete.
    ...(values.events === undefined ? {} : { operationCompletion: completion(values.events) }),
    realism: {
      preset: realism,
      timeScale: integer("time-scale", values["time-scale"], 1),
      seed: integer("random-seed", values["random-seed"], 1),
    },
  });
  print(`vpp-apple-sim listening`);
  print(`  base URL:  ${sim.baseUrl}`);
  print(`  control:   ${sim.origin}/_sim/`);
  let tokenFilePath: string | undefined;
  if (values.seed === "demo") {
    const location = seedDemo(sim);
    tokenFilePath = join(values["token-dir"] ?? tmpdir(), `vpp-apple-sim-${location.fingerprint}.vpptoken`);
    writeFileSync(tokenFilePath, location.vppTokenFile(), { mode: 0o600 });
    print(
      `  location:  ${location.locationName} (uId ${location.uId}, token fingerprint ${location.fingerprint})`,
    );
    print(`  token file: ${tokenFilePath}`);
  }
  return { sim, tokenFilePath };
};

/** The executable's entry point: runs until SIGINT or SIGTERM. */
export const main = async (argv: readonly string[]): Promise<void> => {
  try {
    const { sim } = await runCli(argv, (line) => process.stdout.write(`${line}\n`));
    const stop = () => {
      sim.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}
