import { describe, expect, it } from "vitest";
import { findUnstorable, unstorableText } from "./storable.js";

describe("text PostgreSQL cannot keep", () => {
  it("finds a NUL and unpaired surrogates, and accepts paired ones and other control characters", () => {
    expect(unstorableText("a\u0000b")).toBe("a \\u0000 character");
    for (const text of ["u\uD800", "\uDC00x", "\uDBFF", "a\uDC00\uD800b"]) {
      expect(unstorableText(text)).toBe("an unpaired surrogate");
    }
    for (const text of ["", "plain", "emoji \uD83D\uDE00", "tab\tand\u0001", "é"]) {
      expect(unstorableText(text)).toBeUndefined();
    }
  });

  it("names the first place in a JSON value by path, never its text", () => {
    expect(findUnstorable({ a: { b: ["ok", "x\u0000"] } }, "data")).toEqual({
      path: "data.a.b[1]",
      reason: "a \\u0000 character",
    });
    expect(findUnstorable({ "user-42": { name: "\uD800" } }, "state")).toEqual({
      path: "state[…].name",
      reason: "an unpaired surrogate",
    });
    expect(findUnstorable({ "secret\u0000": 1 }, "data")).toEqual({
      path: "data.<key>",
      reason: "a key holding a \\u0000 character",
    });
    expect(findUnstorable("\uDFFF", "metadata.tenantId")?.path).toBe("metadata.tenantId");
    expect(findUnstorable({ n: 1, b: true, z: null, s: "fine", list: [1, "two"] }, "data")).toBeUndefined();
  });
});
