import { describe, expect, it } from "vitest";
import { MalformedResponseError } from "../errors.js";
import { GetAssignmentsResponse } from "./assignments.js";
import { ClientConfigResponse } from "./client-config.js";
import { OperationResponse } from "./common.js";
import { decodeResponse } from "./decode.js";
import { ServiceConfigResponse } from "./service-config.js";
import { StatusResponse } from "./status.js";

const details = { endpoint: "GET test" };
const page = (assignments: unknown[]) => ({
  assignments,
  currentPageIndex: 0,
  totalPages: 1,
  versionId: "v1",
  uId: 2049025000431439,
});

const failure = (run: () => unknown): MalformedResponseError => {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedResponseError) return error;
    throw error;
  }
  throw new Error("expected a MalformedResponseError");
};

describe("response codecs", () => {
  it("tolerate unknown fields (dropped) and ids sent as numbers", () => {
    const decoded = decodeResponse(
      GetAssignmentsResponse,
      page([{ adamId: 361309726, pricingParam: "STDQ", serialNumber: "SN1", futureField: true }]),
      details,
    );
    expect(decoded.uId).toBe("2049025000431439");
    expect(decoded.assignments).toEqual([{ adamId: "361309726", pricingParam: "STDQ", serialNumber: "SN1" }]);
  });

  it("name a mistyped field with its array index", () => {
    const error = failure(() =>
      decodeResponse(
        GetAssignmentsResponse,
        page([
          { adamId: "1", pricingParam: "STDQ", serialNumber: "A" },
          { adamId: "2", pricingParam: 7, serialNumber: "B" },
        ]),
        details,
      ),
    );
    expect(error.path).toBe("assignments[1].pricingParam");
    expect(error.message).toContain("GET test");
  });

  it("accept what Apple marks optional being absent: fields, arrays, paging fields", () => {
    const decoded = decodeResponse(GetAssignmentsResponse, { assignments: [{ adamId: "1" }, {}] }, details);
    expect(decoded.assignments).toEqual([{ adamId: "1" }, {}]);
    expect(decodeResponse(GetAssignmentsResponse, {}, details).assignments).toBeUndefined();
    expect(decodeResponse(ClientConfigResponse, {}, details)).toEqual({});
    expect(decodeResponse(ServiceConfigResponse, {}, details).limits).toBeUndefined();
  });

  it("still refuse a response without the one field it exists for (eventStatus, eventId)", () => {
    expect(failure(() => decodeResponse(StatusResponse, {}, details)).path).toBe("eventStatus");
    expect(failure(() => decodeResponse(OperationResponse, { uId: "1" }, details)).path).toBe("eventId");
  });

  it("check enumerations the client acts on and dates", () => {
    expect(failure(() => decodeResponse(StatusResponse, { eventStatus: "DONE" }, details)).path).toBe(
      "eventStatus",
    );
    const config = { uId: "1", tokenExpirationDate: "next year" };
    expect(failure(() => decodeResponse(ClientConfigResponse, config, details)).path).toBe(
      "tokenExpirationDate",
    );
    const ok = decodeResponse(
      ClientConfigResponse,
      { uId: "1", tokenExpirationDate: "2030-11-08T22:33:22+0000" },
      details,
    );
    expect(ok.tokenExpirationDate).toBe("2030-11-08T22:33:22+0000");
  });

  it("never echo the offending value (a response may hold the notification token)", () => {
    const error = failure(() =>
      decodeResponse(
        ClientConfigResponse,
        { uId: "1", tokenExpirationDate: "2030-01-01T00:00:00Z", notificationAuthToken: 42 },
        details,
      ),
    );
    expect(error.path).toBe("notificationAuthToken");
    expect(error.message).not.toContain("42");
  });
});
