import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyDeliveryFailure, type DeliveryOperation } from "../../../src/client/classify.js";
import { type AppleErrorCode, isAppleApiError, type ServiceConfigResponse } from "../../../src/index.js";
import { rejectionOf } from "../support/setup.js";
import { type DocumentedErrorCode, documentedErrorCodes, documentedFixture } from "./fixtures.js";
import { clientOf, serveDocumented } from "./serve.js";

const { synchronous, asynchronous } = documentedErrorCodes();
const OPERATIONS: ReadonlyArray<DeliveryOperation> = [
  "associate",
  "disassociate",
  "create-user",
  "retire-user",
];

/** The client's code for an Apple error, as Apple documents its HTTP status (its number first, as the client). */
const documentedCode = ({ errorNumber, httpStatus }: DocumentedErrorCode): AppleErrorCode => {
  if (errorNumber === 9621) return "token-expired";
  if (errorNumber === 9625) return "token-revoked";
  if (httpStatus === 401) return "unauthorized";
  if (httpStatus === 403) return "forbidden";
  if (httpStatus === 429) return "throttled";
  if (httpStatus === 503) return "unavailable";
  if ((httpStatus ?? 0) >= 500) return "server-error";
  return "invalid-request";
};

/** docs/apple-delivery.md's table: class per operation, by number. */
const deliveryTable = (): ReadonlyMap<number, ReadonlyArray<string>> => {
  const doc = readFileSync(new URL("../../../../../docs/apple-delivery.md", import.meta.url), "utf8");
  const rows = doc.split("\n").filter((line) => /^\| 9\d{3} \|/.test(line));
  return new Map(
    rows.map((row) => {
      const [number, , ...classes] = row
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      return [Number(number), classes];
    }),
  );
};

const statusFailed = (code: DocumentedErrorCode) => ({
  eventStatus: "FAILED",
  eventType: "ASSOCIATE",
  failures: [
    {
      errorInfo: { clientUserIds: ["client-4"] },
      errorNumber: code.errorNumber,
      errorMessage: code.errorMessage,
    },
  ],
  numCompleted: 0,
  numRequested: 1,
  tokenExpirationDate: "2030-11-08T22:33:22+0000",
  uId: "2049025000431439",
});

describe("Apple's documented error codes", () => {
  it("the fixture holds Apple's two tables: 40 synchronous codes with their HTTP status, 6 asynchronous", () => {
    expect(synchronous).toHaveLength(40);
    expect(asynchronous.map((code) => code.errorNumber)).toEqual([9603, 9635, 9641, 9644, 9709, 9716]);
    for (const code of synchronous)
      expect(code.httpStatus, String(code.errorNumber)).toBeGreaterThanOrEqual(400);
  });

  it.each(synchronous.map((code) => [code.errorNumber, code.httpStatus, code] as const))(
    "%i with HTTP %i: the client's typed error is the one its documented status means",
    async (errorNumber, httpStatus, code) => {
      const body = JSON.stringify({ errorNumber, errorMessage: code.errorMessage });
      const server = await serveDocumented({ "GET status": { status: httpStatus ?? 400, text: body } });
      const client = await clientOf(server.baseUrl, { retry: { maxAttempts: 2 } });
      const error = await rejectionOf(client.operationStatus("954910a8-3d9c-4fde-948d-253e5aef431a"));
      const expected = documentedCode(code);
      expect(isAppleApiError(error) ? error.code : undefined).toBe(expected);
      expect(error).toMatchObject({ errorNumber, httpStatus });
      const retryable = ["throttled", "unavailable", "server-error"].includes(expected);
      expect(error).toMatchObject({ retryable });
      expect(server.seen.filter((request) => request.path === "status")).toHaveLength(retryable ? 2 : 1);
      expect((error as Error).message).toContain(`errorNumber ${errorNumber}`);
      if (errorNumber === 9634) expect((error as Error).message).toMatch(/discontinued/);
    },
  );

  it.each(asynchronous.map((code) => [code.errorNumber, code] as const))(
    "%i in a FAILED status reaches the ledger with the holder it concerns",
    async (errorNumber, code) => {
      const server = await serveDocumented({
        "GET status": { status: 200, text: JSON.stringify(statusFailed(code)) },
      });
      const client = await clientOf(server.baseUrl);
      const status = await client.operationStatus("a8e0edbf-bfc2-405f-92bd-08d6d72e7a1d");
      expect(status.failures).toEqual([
        { errorInfo: { clientUserIds: ["client-4"] }, errorNumber, errorMessage: code.errorMessage },
      ]);
    },
  );

  it("docs/apple-delivery.md has a row for every documented code, and delivery classifies each as the row says", () => {
    const table = deliveryTable();
    const listed =
      (documentedFixture("api", "apple-service-config").body as ServiceConfigResponse).errorCodes ?? [];
    const numbers = new Set([...synchronous, ...asynchronous, ...listed].map((code) => code.errorNumber));
    expect(numbers.size).toBe(45);
    for (const number of numbers) {
      const row = table.get(number);
      expect(row, `docs/apple-delivery.md has no row for ${number}`).toBeDefined();
      const sync = synchronous.find((code) => code.errorNumber === number);
      const async = asynchronous.some((code) => code.errorNumber === number);
      OPERATIONS.forEach((operation, index) => {
        // One class for both forms: Apple's synchronous answer (with its HTTP status) and the operation's failure.
        if (sync)
          expect(classifyDeliveryFailure(operation, number, sync.httpStatus), `${number} ${operation}`).toBe(
            row?.[index],
          );
        if (async || !sync)
          expect(classifyDeliveryFailure(operation, number), `${number} ${operation}`).toBe(row?.[index]);
      });
    }
  });

  it("the transient async codes stay transient and 9709 stays a refusal, whichever form Apple uses", () => {
    for (const operation of OPERATIONS) {
      expect(classifyDeliveryFailure(operation, 9603)).toBe("transient");
      expect(classifyDeliveryFailure(operation, 9603, 500)).toBe("transient");
      expect(classifyDeliveryFailure(operation, 9644)).toBe("transient");
    }
    expect(classifyDeliveryFailure("associate", 9709)).toBe("refusal");
  });
});
