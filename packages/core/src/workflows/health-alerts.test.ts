import { describe, it } from "vitest";
import type { LicenseEvent } from "../license/events.js";
import { workflowSpecFor } from "../testing/workflow-specification.js";
import { healthWorkflow } from "./health-alerts.js";
import { licenseEvent } from "./ledger-events.test-support.js";

const at = "2026-12-01T09:00:00Z";
const spec = workflowSpecFor(healthWorkflow(50));
const inPool = (type: LicenseEvent["type"], data: object) =>
  licenseEvent("acme", "111", { type, data: { ...data, at } } as LicenseEvent);

describe("health workflow: pool use (R23)", () => {
  it("R9, R23: a license the sync imported for a device counts toward the pool's use like an assigned one", () => {
    const imported = inPool("DeviceLicenseImported", { serialNumber: "C02" });
    spec
      .given([inPool("PurchasedCountSynced", { purchased: 2, previous: 0 })])
      .when(imported)
      .then([
        {
          type: "record-pool-usage",
          tenantId: "acme",
          adamId: "111",
          thresholdPercent: 50,
          at,
          commandId: `health:${imported.place.eventId}`,
          causationId: imported.place.eventId,
        },
      ]);
  });
});
