import fc from "fast-check";
import type { Message } from "../../shared/decider.js";
import { type IsoDateTime, toIso, toMillis } from "../../shared/time.js";

/** Where generated command sequences start unless told otherwise. */
export const DEFAULT_START: IsoDateTime = "2026-01-01T00:00:00.000Z";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Any instant between 2000 and 2100 written in one of the ISO forms the codecs accept: UTC `Z`, `±hh:mm`,
 * Apple's `±hhmm`, with or without seconds and fractions.
 */
export const isoDateTimeArb: fc.Arbitrary<IsoDateTime> = fc
  .record({
    millis: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    offsetMinutes: fc.integer({ min: -12 * 60, max: 14 * 60 }),
    form: fc.constantFrom("utc", "colon", "compact", "minutes"),
  })
  .map(({ millis, offsetMinutes, form }) => {
    if (form === "utc") return toIso(millis);
    const local = toIso(millis + offsetMinutes * MINUTE).slice(0, form === "minutes" ? 16 : 19);
    const sign = offsetMinutes < 0 ? "-" : "+";
    const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
    const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
    return `${local}${sign}${hh}${form === "compact" ? "" : ":"}${mm}`;
  });

/**
 * Gaps between consecutive commands: mostly minutes (so sync leases of 60 min run out or not), sometimes days
 * (so tokens expire and expiry warnings start). Zero is allowed: two commands may share an instant.
 */
export const timeStepArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 90 }).map((m) => m * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((d) => d * DAY) },
);

/** A message without its `at`: what a step generator produces before times are laid out. */
export type Untimed<M> =
  M extends Message<infer T, infer D> ? { readonly type: T; readonly data: Omit<D, "at"> } : never;

/**
 * Lays out untimed messages on a clock that never goes back: each `[gap, message]` happens `gap` ms after the
 * previous one, the first `gap` ms after `start`.
 */
export const layOutInTime = <M extends Message<string, { readonly at: IsoDateTime }>>(
  steps: ReadonlyArray<readonly [number, Untimed<M>]>,
  start: IsoDateTime = DEFAULT_START,
): M[] => {
  let now = toMillis(start);
  return steps.map(([gap, message]) => {
    now += gap;
    return { type: message.type, data: { ...message.data, at: toIso(now) } } as unknown as M;
  });
};

/** `days` after `start`, as a UTC instant (negative days go back). */
export const daysAfter = (start: IsoDateTime, days: number): IsoDateTime =>
  toIso(toMillis(start) + days * DAY);

/** Formats an instant as Apple writes `expDate` in a `.vpptoken`: `2030-11-08T22:33:22+0000`. */
export const appleDate = (instant: IsoDateTime): string => `${toIso(toMillis(instant)).slice(0, 19)}+0000`;
