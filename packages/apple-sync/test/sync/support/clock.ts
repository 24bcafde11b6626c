import { toIso, toMillis } from "@vpp-ledger/core";

/** A settable ISO clock for the ledger side of tests (the sync stamps every command with it). */
export interface TestClock {
  readonly now: () => string;
  set(iso: string): void;
  advance(ms: number): void;
}

/** Starts at `start`; time moves only when the test moves it. */
export const testClock = (start = "2026-06-01T09:00:00.000Z"): TestClock => {
  let millis = toMillis(start);
  return {
    now: () => toIso(millis),
    set: (iso) => {
      millis = toMillis(iso);
    },
    advance: (ms) => {
      millis += ms;
    },
  };
};

/** One hour, in milliseconds. */
export const HOUR = 3_600_000;
