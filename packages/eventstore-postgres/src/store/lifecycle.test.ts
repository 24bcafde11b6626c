import { StoreClosed } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { StoreLifecycle } from "./lifecycle.js";

const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("StoreLifecycle", () => {
  it("ends only after every admitted operation settled, refusing new ones from the moment close() is called", async () => {
    const lifecycle = new StoreLifecycle("the test store");
    const first = deferred<string>();
    const second = deferred<string>();
    const settled: string[] = [];
    const running = [lifecycle.admit(() => first.promise), lifecycle.admit(() => second.promise)];
    running.forEach((operation, i) => {
      operation.then(
        () => settled.push(`${i} resolved`),
        () => settled.push(`${i} rejected`),
      );
    });
    let endSaw: ReadonlyArray<string> | undefined;
    const closed = lifecycle.close(async () => {
      endSaw = [...settled];
    });
    expect(lifecycle.closing).toBe(true);
    await expect(lifecycle.admit(async () => "late")).rejects.toBeInstanceOf(StoreClosed);
    first.resolve("a");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(endSaw).toBeUndefined();
    second.reject(new Error("its own failure"));
    await closed;
    expect(endSaw).toEqual(["0 resolved", "1 rejected"]);
    await expect(running[1]).rejects.toThrow("its own failure");
  });

  it("runs the end once however often close() is called, and names the store when refusing", async () => {
    const lifecycle = new StoreLifecycle('the PostgreSQL storage of schema "x"');
    let ends = 0;
    const end = async () => {
      ends++;
    };
    await Promise.all([lifecycle.close(end), lifecycle.close(end)]);
    await lifecycle.close(end);
    expect(ends).toBe(1);
    await expect(lifecycle.admit(async () => 1)).rejects.toMatchObject({
      code: "store-closed",
      retryable: false,
      message: expect.stringContaining('schema "x" is closed'),
    });
  });

  it("tracks work that throws before returning a promise, and closes at once when idle", async () => {
    const lifecycle = new StoreLifecycle("the test store");
    await expect(
      lifecycle.admit(() => {
        throw new TypeError("bad input");
      }),
    ).rejects.toThrow(TypeError);
    await lifecycle.close(async () => undefined);
  });
});
