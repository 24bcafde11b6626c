import fc from "fast-check";
import type { Failure, SyncReport } from "../../account/events.js";
import { boundedString, Identifier } from "../../shared/codec.js";
import { IDENTIFIER_PATTERN } from "../../shared/ids.js";

/** A small pool of user ids, so random sequences keep hitting the same users (collisions are the point). */
export const userPool = (size = 5): ReadonlyArray<string> =>
  Array.from({ length: size }, (_, index) => `user-${index + 1}`);

/** A user id drawn from `pool` (default: {@link userPool}). */
export const userIdArb = (pool: ReadonlyArray<string> = userPool()): fc.Arbitrary<string> =>
  fc.constantFrom(...pool);

/** Any string the {@link Identifier} codec accepts (the whole grammar, R24), for codec round trips. */
export const identifierArb: fc.Arbitrary<string> = fc
  .stringMatching(IDENTIFIER_PATTERN)
  .filter((s) => Identifier.is(s));

/** Any string a `boundedString(max)` codec accepts: non-blank, at most `max` UTF-16 units, any script. */
export const boundedStringArb = (max: number): fc.Arbitrary<string> => {
  const codec = boundedString(max);
  return fc
    .string({ unit: "grapheme", minLength: 1, maxLength: Math.min(max, 60) })
    .filter((s) => codec.is(s));
};

/** A sync report with any counts. */
export const syncReportArb: fc.Arbitrary<SyncReport> = fc.record({
  apps: fc.nat(),
  users: fc.nat(),
  assignments: fc.nat(),
  ignoredForeignUsers: fc.nat(),
  ignoredForeignAssignments: fc.nat(),
  drift: fc.nat(),
  changes: fc.nat(),
});

/** Any failure a codec accepts (wide strings, for round trips). */
export const failureArb: fc.Arbitrary<Failure> = fc.record({
  code: boundedStringArb(64),
  message: boundedStringArb(1000),
});

/** A failure as hosts really report them: a few stable codes. */
export const realisticFailureArb: fc.Arbitrary<Failure> = fc.constantFrom(
  { code: "apple-unavailable", message: "Apple answered 503" },
  { code: "no-license-available", message: "all purchased licenses are assigned" },
  { code: "device-offline", message: "the device did not answer" },
);
