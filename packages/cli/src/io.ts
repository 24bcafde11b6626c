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
export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
  env: process.env,
});
