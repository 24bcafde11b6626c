import { Command, CommanderError } from "commander";
import { auditCommand } from "./commands/audit-command.js";
import { historyCommand, whoHeldCommand } from "./commands/history-command.js";
import { migrateCommand } from "./commands/migrate-command.js";
import { readModelsCommand } from "./commands/read-models-command.js";
import { streamsCommand } from "./commands/streams-command.js";
import { syncCommand } from "./commands/sync-command.js";
import { describeError, EXIT, type ExitCode } from "./errors.js";
import { type CliIo, processIo } from "./io.js";

const VERSION = "0.1.0";

/** The `vpp-ledger` program, writing to `io`; `done` receives each command's exit code. */
export const buildProgram = (io: CliIo, done: (code: ExitCode) => void): Command => {
  const program = new Command("vpp-ledger")
    .description(
      "The operator's command line of vpp-ledger: audit the log, answer auditors, run maintenance.",
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const command of [
    auditCommand(io, done),
    whoHeldCommand(io, done),
    historyCommand(io, done),
    streamsCommand(io, done),
    readModelsCommand(io, done),
    migrateCommand(io, done),
    syncCommand(io, done),
  ]) {
    program.addCommand(command);
  }
  // Subcommands added whole do not inherit these settings: set them on every level.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
};

/**
 * Runs `vpp-ledger` with `argv` (the arguments after the program name) and resolves its exit code: 0 done (an
 * audit found nothing), 1 a finding, 2 bad usage or a store that cannot be read. Never throws and never prints a
 * stack trace (set `VPP_LEDGER_DEBUG=1` to get one on stderr).
 */
export const run = async (argv: ReadonlyArray<string>, io: CliIo = processIo()): Promise<ExitCode> => {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (result) => {
    code = result;
  });
  try {
    if (argv.length === 0) {
      io.err(program.helpInformation());
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its own message for a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`vpp-ledger: ${describeError(error)}\n`);
    if (io.env.VPP_LEDGER_DEBUG === "1" && error instanceof Error && error.stack !== undefined)
      io.err(`${error.stack}\n`);
    return EXIT.usage;
  }
};
