import { isLedgerError } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { PgliteMissing, startPgliteFrom } from "./load-pglite.js";

// The real absence is proven by test/pack-install.test.ts (a host without the package); here, how it is told.
const failing = (error: Error) => () => Promise.reject(error);
const notFound = (code: string) =>
  Object.assign(new Error("Cannot find package '@electric-sql/pglite'"), { code });

describe("PGlite, an optional peer dependency", () => {
  it("missing (ESM or CommonJS resolution) is a typed driver-missing error saying what to install", async () => {
    for (const code of ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]) {
      const failure = await startPgliteFrom(failing(notFound(code))).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PgliteMissing);
      expect(isLedgerError(failure, "driver-missing")).toBe(true);
      expect((failure as Error).message).toMatch(/npm install @electric-sql\/pglite/);
    }
  });

  it("any other failure to load it passes through unchanged", async () => {
    const broken = new SyntaxError("Unexpected token in pglite.js");
    await expect(startPgliteFrom(failing(broken))).rejects.toBe(broken);
  });
});
