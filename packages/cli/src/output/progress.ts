import { SingleBar } from "cli-progress";

/** Progress through the log: drawn on a terminal, silent otherwise (pipes, CI logs, tests). */
export interface LogProgress {
  /** After each event: its global position and the events read so far. */
  update(position: bigint, events: number): void;
  stop(): void;
}

const silent: LogProgress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar over log positions up to `head` (the last position when the command began), with events/s
 * and an ETA; positions may have gaps, so the fraction is by position and the rate by events read.
 */
export const logProgress = (
  stream: NodeJS.WriteStream | undefined,
  label: string,
  head: bigint | undefined,
): LogProgress => {
  if (stream === undefined || head === undefined || head <= 0n) return silent;
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  const started = Date.now();
  const total = Number(head);
  bar.start(total, 0, { events: 0, rate: 0 });
  let stopped = false;
  return {
    update: (position, events) => {
      const seconds = (Date.now() - started) / 1000;
      bar.update(Math.min(Number(position), total), {
        events,
        rate: seconds > 0 ? Math.round(events / seconds) : 0,
      });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
};
