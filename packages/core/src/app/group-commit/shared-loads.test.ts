import { describe, expect, it } from "vitest";
import { SharedLoads } from "./shared-loads.js";

/** A load whose end the test decides, numbering the loads it starts. */
const controlledLoads = () => {
  const finish: Array<(value: number) => void> = [];
  const fail: Array<(error: Error) => void> = [];
  const load = () =>
    new Promise<number>((resolve, reject) => {
      const n = finish.length + 1;
      finish.push(() => resolve(n));
      fail.push(reject);
    });
  return { load, finish, fail, started: () => finish.length };
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("SharedLoads", () => {
  it("a lone load runs at once and is forgotten when done", async () => {
    const shared = new SharedLoads();
    const { load, finish, started } = controlledLoads();
    const result = shared.load("k", load);
    expect(started()).toBe(1);
    finish[0]!(0);
    expect(await result).toBe(1);
    await tick();
    expect(shared.size).toBe(0);
  });

  it("callers that arrive while a load runs share the next load, which starts only after it", async () => {
    const shared = new SharedLoads();
    const { load, finish, started } = controlledLoads();
    const first = shared.load("k", load);
    const joiners = [shared.load("k", load), shared.load("k", load), shared.load("k", load)];
    // The running load started before the joiners asked: it could miss what was committed since.
    expect(started()).toBe(1);
    finish[0]!(0);
    expect(await first).toBe(1);
    await tick();
    expect(started()).toBe(2);
    finish[1]!(0);
    expect(await Promise.all(joiners)).toEqual([2, 2, 2]);
    await tick();
    expect(shared.size).toBe(0);
  });

  it("other keys do not wait for each other", () => {
    const shared = new SharedLoads();
    const { load, started } = controlledLoads();
    void shared.load("a", load);
    void shared.load("b", load);
    expect(started()).toBe(2);
  });

  it("a failed load fails its callers only; the next caller loads again", async () => {
    const shared = new SharedLoads();
    const { load, finish, fail } = controlledLoads();
    const first = shared.load("k", load);
    const joiner = shared.load("k", load);
    fail[0]!(new Error("store down"));
    await expect(first).rejects.toThrow("store down");
    await tick();
    finish[1]!(0);
    expect(await joiner).toBe(2);
  });
});
