import { afterEach, describe, expect, it } from "vitest";
import { createPostgresStreamLock, type PostgresStreamLock } from "../src/index.js";
import { randomSchema } from "./support/random-schema.js";
import { PG_URL } from "./support/server.js";

const settled = async (promise: Promise<unknown>, ms = 100): Promise<boolean> => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return done;
};

describe.runIf(PG_URL)("PostgresStreamLock on a server", () => {
  const locks: PostgresStreamLock[] = [];
  const open = (schema: string, waitMs?: number) => {
    const lock = createPostgresStreamLock({
      connectionString: PG_URL!,
      schema,
      ...(waitMs === undefined ? {} : { waitMs }),
    });
    locks.push(lock);
    return lock;
  };
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((lock) => lock.close()));
  });

  it("a second process waits for a stream's lock until the first releases it", async () => {
    const schema = randomSchema("lock");
    const [a, b] = [open(schema), open(schema)];
    const releaseA = await a.acquire("vpp-license:acme:1");
    const waiting = b.acquire("vpp-license:acme:1");
    expect(await settled(waiting)).toBe(false);
    await releaseA();
    const releaseB = await waiting;
    await releaseB();
  });

  it("other streams and other schemas do not wait", async () => {
    const schema = randomSchema("lock");
    const [a, b, other] = [open(schema), open(schema), open(randomSchema("lock"))];
    const held = await a.acquire("vpp-license:acme:1");
    await (await b.acquire("vpp-license:acme:2"))();
    await (await other.acquire("vpp-license:acme:1"))();
    await held();
  });

  it("a wait longer than waitMs rejects, so the batch can go on without the lock", async () => {
    const schema = randomSchema("lock");
    const [a, b] = [open(schema), open(schema, 50)];
    const held = await a.acquire("s");
    await expect(b.acquire("s")).rejects.toThrow(/lock timeout/);
    await held();
    await (await b.acquire("s"))();
  });

  it("closing a process's lock releases what it held", async () => {
    const schema = randomSchema("lock");
    const [a, b] = [open(schema), open(schema)];
    await a.acquire("s");
    const waiting = b.acquire("s");
    expect(await settled(waiting)).toBe(false);
    await a.close();
    await (await waiting)();
  });

  it("refuses a schema name that is not an identifier and a waitMs that is not a positive integer", () => {
    expect(() => createPostgresStreamLock({ connectionString: PG_URL!, schema: "Bad-Name" })).toThrow(
      TypeError,
    );
    expect(() => createPostgresStreamLock({ connectionString: PG_URL!, schema: "ok", waitMs: 0 })).toThrow(
      RangeError,
    );
  });
});
