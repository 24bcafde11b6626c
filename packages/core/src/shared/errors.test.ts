import { describe, expect, it } from "vitest";
import { domainError, isDomainError } from "./errors.js";

describe("domain errors", () => {
  it("are plain values with a stable code, a message and optional details", () => {
    expect(domainError("no-license-available", "all 2 licenses are assigned", { purchased: 2 })).toEqual({
      _tag: "DomainError",
      code: "no-license-available",
      message: "all 2 licenses are assigned",
      details: { purchased: 2 },
    });
    expect(Object.keys(domainError("x", "y"))).toEqual(["_tag", "code", "message"]);
  });

  it("are recognised structurally, so a second copy of the package still recognises them", () => {
    expect(isDomainError(domainError("x", "y"))).toBe(true);
    expect(isDomainError(JSON.parse(JSON.stringify(domainError("x", "y"))))).toBe(true);
    for (const other of [
      null,
      undefined,
      "x",
      new Error("x"),
      { _tag: "DomainError" },
      { _tag: "Other", code: "x" },
    ]) {
      expect(isDomainError(other)).toBe(false);
    }
  });
});
