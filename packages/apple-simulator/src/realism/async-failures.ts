/**
 * Async failures the realistic mode reports for a share of items, as Apple does in an operation's `failures` and
 * in FAILURE notifications: 9603 (internal error) and 9644 (maintenance), both "try again later", and 9709
 * (not enough licenses), a refusal. The draw happens when the operation completes.
 */
import type { InjectedAsyncFailure } from "./options.js";
import type { SeededRandom } from "./random.js";

/** Picks the failure of one item among `allowed` codes, or undefined when the item goes through. */
export type FailureDraw = (allowed: readonly InjectedAsyncFailure[]) => InjectedAsyncFailure | undefined;

/** The instant mode's draw: nothing fails. */
export const NO_FAILURES: FailureDraw = () => undefined;

/** A draw from the seeded random source with the configured share per code. */
export const failureDraw =
  (random: SeededRandom, rates: Readonly<Record<InjectedAsyncFailure, number>>): FailureDraw =>
  (allowed) => {
    const total = allowed.reduce((sum, code) => sum + rates[code], 0);
    if (total <= 0) return undefined;
    const roll = random.next();
    let threshold = 0;
    for (const code of allowed) {
      threshold += rates[code];
      if (roll < threshold) return code;
    }
    return undefined;
  };

/** Items split into those that proceed and, per drawn code, those that fail. */
export interface FailureSplit<T> {
  readonly proceed: T[];
  readonly failed: ReadonlyMap<InjectedAsyncFailure, T[]>;
}

/** Draws once per item and groups the failing ones by code. */
export const splitByFailure = <T>(
  items: readonly T[],
  draw: FailureDraw,
  allowed: readonly InjectedAsyncFailure[],
): FailureSplit<T> => {
  const proceed: T[] = [];
  const failed = new Map<InjectedAsyncFailure, T[]>();
  for (const item of items) {
    const code = draw(allowed);
    if (code === undefined) proceed.push(item);
    else failed.set(code, [...(failed.get(code) ?? []), item]);
  }
  return { proceed, failed };
};
