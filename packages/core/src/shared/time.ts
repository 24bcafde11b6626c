import { parseISO } from "date-fns";
import * as t from "io-ts";

/**
 * An ISO-8601 date-time string with an explicit offset, e.g. `2026-11-25T09:00:00Z`. A plain string in types
 * (hosts write literals); the codec checks it at every boundary.
 */
export type IsoDateTime = string;

// Offsets are limited to ±23:59: date-fns accepts any two-digit hour, so "+99:00" would be read as an instant
// four days off instead of being refused.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** Milliseconds since the epoch of a valid ISO date-time, or NaN. */
export const toMillis = (value: string): number =>
  ISO_PATTERN.test(value) ? parseISO(value).getTime() : Number.NaN;

/** Codec for {@link IsoDateTime}: rejects dates without an offset and impossible dates. */
export const IsoDateTime: t.Type<IsoDateTime, IsoDateTime, unknown> = t.refinement(
  t.string,
  (value) => !Number.isNaN(toMillis(value)),
  "IsoDateTime",
);

/** Casts a string known to be an ISO date-time (tests, fixtures). Throws on anything else. */
export const isoDateTime = (value: string): IsoDateTime => {
  if (Number.isNaN(toMillis(value))) throw new TypeError(`not an ISO-8601 date-time with offset: ${value}`);
  return value;
};

/** Normalises an instant to the canonical UTC form `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export const toIso = (millis: number): IsoDateTime => new Date(millis).toISOString();
