import { describe, expect, it } from "vitest";
import { isAppleApiError, OperationStillPendingError } from "../../src/index.js";
import { harness, rejectionOf, requestsTo } from "./support/setup.js";

describe("waiting for Apple operations", () => {
  it("polls status every 30 s by default (Apple's minimum) until the operation completes", async () => {
    const { sim, clock, virtualClient } = await harness({ operationCompletion: "manual" });
    const apple = virtualClient();
    const [operation] = await apple.createUsers([{ clientUserId: "u-1" }]);
    let polls = 0;
    const done = apple.waitForOperation(operation!.operationId);
    const completeAfterThreePolls = setInterval(() => {
      polls = requestsTo(sim, "status").length;
      if (polls >= 3) sim.completePendingOperations();
    }, 5);
    const status = await done;
    clearInterval(completeAfterThreePolls);
    expect(status.eventStatus).toBe("COMPLETE");
    expect(status.eventType).toBe("CREATE");
    const pollWaits = clock.sleeps.filter((ms) => ms === 30_000);
    expect(pollWaits.length).toBe(requestsTo(sim, "status").length - 1);
    expect(pollWaits.length).toBeGreaterThanOrEqual(2);
  });

  it("returns a FAILED operation with its failures instead of throwing", async () => {
    const { location, virtualClient } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 0 });
    location.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    const apple = virtualClient();
    const [operation] = await apple.associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u-1"] });
    const status = await apple.waitForOperation(operation!.operationId);
    expect(status.eventStatus).toBe("FAILED");
    expect(status.failures?.[0]?.errorNumber).toBe(9709);
  });

  it("gives up with operation-still-pending at the timeout (Apple: re-send after 10 minutes)", async () => {
    // Twenty polls run in no wall time on the virtual clock: lift the simulator's real-time rate limit.
    const { clock, virtualClient } = await harness({
      operationCompletion: "manual",
      maxRequestPerSecond: 1_000,
    });
    const apple = virtualClient();
    const [operation] = await apple.createUsers([{ clientUserId: "u-1" }]);
    const error = await rejectionOf(apple.waitForOperation(operation!.operationId));
    expect(isAppleApiError(error, "operation-still-pending")).toBe(true);
    expect(error).toBeInstanceOf(OperationStillPendingError);
    expect((error as OperationStillPendingError).operationId).toBe(operation!.operationId);
    expect(clock.sleeps.filter((ms) => ms === 30_000).length).toBe(20);
  });
});
