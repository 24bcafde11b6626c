import { toIso, toMillis } from "@vpp-ledger/core";

/**
 * The demo's clock: every part (ledger commands, sync, notifications, the simulator's token expiry) reads it,
 * so the story's timestamps are fixed and "who held a license at T" has a stable answer.
 */
export interface DemoClock {
  /** The current demo time as ISO-8601. */
  readonly now: () => string;
  /** Moves the demo to `iso`; time never goes back, as it would not for a real host. */
  set(iso: string): void;
}

/** A clock that starts at `start` and moves only when the story moves it. */
export const demoClock = (start: string): DemoClock => {
  let millis = toMillis(start);
  return {
    now: () => toIso(millis),
    set: (iso) => {
      const next = toMillis(iso);
      if (next < millis) throw new Error(`the demo clock cannot go back from ${toIso(millis)} to ${iso}`);
      millis = next;
    },
  };
};
