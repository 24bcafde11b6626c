import { describe, expect, it } from "vitest";
import type { LeaseStore, ProcessorLease } from "./lease.js";
import { LeaseHeartbeat } from "./lease-heartbeat.js";

const lease: ProcessorLease = { name: "p", owner: "a", epoch: 1n, ttlMs: 200 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lease store whose renewals answer what `renew` says (the other calls are never made here). */
const store = (renew: LeaseStore["renew"]): LeaseStore => ({
  renew,
  acquire: async () => ({ kind: "held", owner: "x", expiresInMs: 0 }),
  release: async () => undefined,
});

describe("LeaseHeartbeat", () => {
  it("renews every interval and keeps the term while renewals succeed", async () => {
    let renewals = 0;
    const ends: string[] = [];
    const beat = new LeaseHeartbeat(
      store(async () => ++renewals > 0),
      lease,
      40,
      (reason) => ends.push(reason),
    );
    await sleep(400);
    await beat.stop();
    expect(renewals).toBeGreaterThanOrEqual(5);
    expect(ends).toEqual([]);
  });

  it("ends the term as taken when a renewal is refused, as expired when none succeeds for 80% of the TTL", async () => {
    const taken: string[] = [];
    const refused = new LeaseHeartbeat(
      store(async () => false),
      lease,
      40,
      (reason) => taken.push(reason),
    );
    await sleep(100);
    await refused.stop();
    expect(taken[0]).toBe("taken");
    const expired: string[] = [];
    const errors: unknown[] = [];
    const failing = new LeaseHeartbeat(
      store(async () => Promise.reject(new Error("unreachable"))),
      lease,
      40,
      (reason) => expired.push(reason),
      (error) => errors.push(error),
    );
    await sleep(120);
    expect(expired).toEqual([]);
    await sleep(100);
    expect(expired).toEqual(["expired"]);
    expect(errors.length).toBeGreaterThan(0);
    await failing.stop();
  });

  it("stop() waits for a renewal in flight, so a release that follows is not overtaken by it", async () => {
    let finish: (renewed: boolean) => void = () => undefined;
    let started = false;
    const beat = new LeaseHeartbeat(
      store(
        () =>
          new Promise<boolean>((resolve) => {
            started = true;
            finish = resolve;
          }),
      ),
      lease,
      20,
      () => undefined,
    );
    while (!started) await sleep(5);
    let stopped = false;
    const stopping = beat.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    finish(true);
    await stopping;
    expect(stopped).toBe(true);
  });
});
