import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adviceFor, classifyDeliveryFailure } from "./classify.js";

describe("classifyDeliveryFailure", () => {
  it("9603 and 9644 are transient whether Apple answered them at once (HTTP 500/503) or in an operation's failures", () => {
    for (const errorNumber of [9603, 9644]) {
      expect(classifyDeliveryFailure("associate", errorNumber)).toBe("transient");
      expect(classifyDeliveryFailure("associate", errorNumber, 500)).toBe("transient");
      expect(classifyDeliveryFailure("disassociate", errorNumber, 503)).toBe("transient");
    }
  });

  it("R16: 9709 is a refusal of an association in both forms", () => {
    expect(classifyDeliveryFailure("associate", 9709)).toBe("refusal");
    expect(classifyDeliveryFailure("associate", 9709, 400)).toBe("refusal");
  });

  it("9609 is handled alike sync and async: a refusal to associate, done for a disassociation or retirement", () => {
    for (const http of [undefined, 400]) {
      expect(classifyDeliveryFailure("associate", 9609, http)).toBe("refusal");
      expect(classifyDeliveryFailure("disassociate", 9609, http)).toBe("done");
      expect(classifyDeliveryFailure("retire-user", 9609, http)).toBe("done");
    }
    expect(classifyDeliveryFailure("create-user", 9716)).toBe("done");
  });

  it("token and rights failures are the account's; limits and duplicates are defects; unknown numbers by status", () => {
    expect(classifyDeliveryFailure("associate", 9625, 401)).toBe("account");
    expect(classifyDeliveryFailure("associate", 9621)).toBe("account");
    expect(classifyDeliveryFailure("associate", 9701, 400)).toBe("defect");
    expect(classifyDeliveryFailure("associate", 9634, 410)).toBe("defect");
    expect(classifyDeliveryFailure("associate", 9999, 503)).toBe("transient");
    expect(classifyDeliveryFailure("associate", 9999, 403)).toBe("account");
    expect(classifyDeliveryFailure("associate", 9999)).toBe("defect");
    expect(classifyDeliveryFailure("associate", undefined)).toBe("transient");
  });

  it("9634 is advised as a discontinued service, not as a request to fix", () => {
    expect(adviceFor("invalid-request", 9634)).toMatch(/discontinued/);
    expect(adviceFor("invalid-request", 9701)).toMatch(/fix it/);
  });

  it("docs/apple-delivery.md maps each documented code to the class this function gives it", () => {
    const doc = readFileSync(new URL("../../../../docs/apple-delivery.md", import.meta.url), "utf8");
    const rows = doc.split("\n").filter((line) => /^\| 9\d{3} \|/.test(line));
    expect(rows.length).toBeGreaterThan(70);
    for (const row of rows) {
      const [number, , ...classes] = row
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      const operations = ["associate", "disassociate", "create-user", "retire-user"] as const;
      expect(classes, row).toEqual(operations.map((op) => classifyDeliveryFailure(op, Number(number))));
    }
  });
});
