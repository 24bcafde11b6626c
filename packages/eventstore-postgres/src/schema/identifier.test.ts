import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEMA, validateSchemaName } from "./identifier.js";

describe("validateSchemaName", () => {
  it("accepts lower-case identifiers, including the default", () => {
    for (const name of [DEFAULT_SCHEMA, "a", "_x", "tenant_42", "x".repeat(63)]) {
      expect(validateSchemaName(name)).toBe(name);
    }
  });

  it("rejects anything that would need quoting or could inject SQL, saying what a valid name is", () => {
    const bad = [
      'a"; DROP TABLE x; --',
      "Upper",
      "1abc",
      "",
      "x".repeat(64),
      "pg_catalog",
      "a-b",
      "a b",
      "é",
    ];
    for (const name of bad) {
      expect(() => validateSchemaName(name)).toThrow(TypeError);
      expect(() => validateSchemaName(name)).toThrow(/a-z, 0-9 and _/);
    }
    expect(() => validateSchemaName(42)).toThrow(TypeError);
  });
});
