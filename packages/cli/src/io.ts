/** Where a command writes: the process's streams in the binary, buffers in tests. */
export interface CliIo {
  /** Results: tables, JSON, CSV, one event a line. */
  readonly out: (text: string) => void;
  /** Messages and errors. */
  readonly err: (text: string) => void;
  /** The progress bar's terminal, when stderr is one; undefined draws no bar. */
  readonly progressStream: NodeJS.WriteStream | undefined;
  /** The environment, where secrets come from (never arguments). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams and environment. */
export const processIo = (): CliIo => {
  // A reader that goes away (`vpp-ledger audit | head -1`) ends the output, not with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
  };
};
