import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoDateTimeArb } from "../testing/arbitraries/index.js";
import { IsoDateTime, isoDateTime, toIso, toMillis } from "./time.js";

describe("ISO date-times", () => {
  it.each([
    ["2030-11-08T22:33:22Z", "2030-11-08T22:33:22.000Z"],
    ["2030-11-08T22:33:22.5Z", "2030-11-08T22:33:22.500Z"],
    ["2030-11-08T22:33:22.123456789Z", "2030-11-08T22:33:22.123Z"],
    ["2030-11-08T22:33Z", "2030-11-08T22:33:00.000Z"],
    ["2030-11-08T22:33:22+0000", "2030-11-08T22:33:22.000Z"],
    ["2030-11-09T00:33:22+02:00", "2030-11-08T22:33:22.000Z"],
    ["2030-11-08T12:03:22-10:30", "2030-11-08T22:33:22.000Z"],
    ["2030-11-09T12:33:22+1400", "2030-11-08T22:33:22.000Z"],
  ])("reads %s as the instant %s", (input, utc) => {
    expect(IsoDateTime.is(input)).toBe(true);
    expect(toIso(toMillis(input))).toBe(utc);
  });

  it.each([
    ["no offset", "2030-11-08T22:33:22"],
    ["no time", "2030-11-08"],
    ["a space for T", "2030-11-08 22:33:22Z"],
    ["an impossible day", "2030-02-30T00:00:00Z"],
    ["an impossible month", "2030-13-01T00:00:00Z"],
    ["an impossible hour", "2030-11-08T25:00:00Z"],
    ["an impossible minute", "2030-11-08T22:60:00Z"],
    ["an offset of 25 hours", "2030-11-08T22:33:22+25:00"],
    ["an offset of 99 hours", "2030-11-08T22:33:22+9900"],
    ["an offset of 60 minutes", "2030-11-08T22:33:22+01:60"],
    ["words", "tomorrow"],
    ["an epoch number as text", "1920407602000"],
  ])("refuses %s (%s)", (_, input) => {
    expect(IsoDateTime.is(input)).toBe(false);
    expect(Number.isNaN(toMillis(input))).toBe(true);
    expect(() => isoDateTime(input)).toThrow(TypeError);
  });

  it("refuses values that are not strings", () => {
    for (const value of [null, 0, new Date(), { at: "2030-11-08T22:33:22Z" }])
      expect(IsoDateTime.is(value)).toBe(false);
  });

  it("toIso is the canonical UTC form, and reading it back gives the same instant", () => {
    fc.assert(
      fc.property(isoDateTimeArb, (value) => {
        const canonical = toIso(toMillis(value));
        expect(canonical).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(toMillis(canonical)).toBe(toMillis(value));
        expect(isoDateTime(value)).toBe(value);
      }),
    );
  });
});
