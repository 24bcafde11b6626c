import { describe, expect, it } from "vitest";
import { EventStillPendingError, isAppleApiError } from "../../src/index.js";
import { harness, rejectionOf, requestsTo } from "./support/setup.js";

describe("waiting for asynchronous events", () => {
  it("polls status every 30 s by default (Apple's minimum) until the event completes", async () => {
    const { sim, clock, virtualClient } = await harness({ eventCompletion: "manual" });
    const apple = virtualClient();
    const [event] = await apple.createUsers([{ clientUserId: "u-1" }]);
    let polls = 0;
    const done = apple.waitForEvent(event!.eventId);
    const completeAfterThreePolls = setInterval(() => {
      polls = requestsTo(sim, "status").length;
      if (polls >= 3) sim.completePendingEvents();
    }, 5);
    const status = await done;
    clearInterval(completeAfterThreePolls);
    expect(status.eventStatus).toBe("COMPLETE");
    expect(status.eventType).toBe("CREATE");
    const pollWaits = clock.sleeps.filter((ms) => ms === 30_000);
    expect(pollWaits.length).toBe(requestsTo(sim, "status").length - 1);
    expect(pollWaits.length).toBeGreaterThanOrEqual(2);
  });

  it("returns a FAILED event with its failures instead of throwing", async () => {
    const { location, virtualClient } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 0 });
    location.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    const apple = virtualClient();
    const [event] = await apple.associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u-1"] });
    const status = await apple.waitForEvent(event!.eventId);
    expect(status.eventStatus).toBe("FAILED");
    expect(status.failures?.[0]?.errorNumber).toBe(9709);
  });

  it("gives up with event-still-pending at the timeout (Apple: re-send after 10 minutes)", async () => {
    // Twenty polls run in no wall time on the virtual clock: lift the simulator's real-time rate limit.
    const { clock, virtualClient } = await harness({ eventCompletion: "manual", maxRequestPerSecond: 1_000 });
    const apple = virtualClient();
    const [event] = await apple.createUsers([{ clientUserId: "u-1" }]);
    const error = await rejectionOf(apple.waitForEvent(event!.eventId));
    expect(isAppleApiError(error, "event-still-pending")).toBe(true);
    expect(error).toBeInstanceOf(EventStillPendingError);
    expect((error as EventStillPendingError).eventId).toBe(event!.eventId);
    expect(clock.sleeps.filter((ms) => ms === 30_000).length).toBe(20);
  });
});
