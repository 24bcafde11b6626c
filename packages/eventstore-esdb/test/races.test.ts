import { collect, contractEvent, contractEvents } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { EsdbEventStore } from "../src/index.js";
import { allBackends } from "./support/backends.js";
import { interposing } from "./support/interposing-client.js";
import { uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

// Races at the one point that matters: after the adapter read the stream's end and claimed its ids, before
// its append reaches the server. Another writer is slipped in there, deterministically.
for (const kind of allBackends) {
  describe(`an append that loses a race (${kind.label})`, () => {
    const suite = useBackend(kind);
    const racers = () => {
      const { backend } = suite();
      const racing = interposing(backend.connect());
      return {
        racing,
        store: new EsdbEventStore(racing.client),
        other: new EsdbEventStore(backend.connect()),
      };
    };

    it("an exact expected version: WrongExpectedVersion with the version the other writer left", async () => {
      const { racing, store, other } = racers();
      const stream = uniqueStream("exact");
      await store.appendToStream(stream, contractEvents(stream, 1, 2));
      racing.before(stream, () => other.appendToStream(stream, [contractEvent(stream, 3)]));
      const error = await store
        .appendToStream(stream, [contractEvent(stream, 4)], { expectedVersion: 2n })
        .catch((failure: unknown) => failure);
      expect(error).toMatchObject({
        code: "wrong-expected-version",
        expected: 2n,
        actual: 3n,
        retryable: true,
      });
      expect((await collect(store.readStream(stream))).map((e) => e.id)).toEqual(
        contractEvents(stream, 1, 3).map((e) => e.id),
      );
    });

    for (const expectedVersion of ["any", "stream_exists"] as const) {
      it(`"${expectedVersion}": appends after the other writer; the index finds the event where it landed`, async () => {
        const { racing, store, other } = racers();
        const stream = uniqueStream(expectedVersion);
        await store.appendToStream(stream, contractEvents(stream, 1, 2));
        racing.before(stream, () => other.appendToStream(stream, [contractEvent(stream, 3)]));
        const mine = contractEvent(stream, 4);
        const result = await store.appendToStream(stream, [mine], { expectedVersion });
        expect(result).toMatchObject({ nextExpectedVersion: 4n, written: true });
        // Its index holds a stale entry at version 3 (the lost attempt) and the true one at 4.
        expect(await store.findEvent(stream, mine.id)).toMatchObject({ streamVersion: 4n, id: mine.id });
        expect(await store.appendToStream(stream, [mine], { expectedVersion: 3n })).toEqual({
          ...result,
          written: false,
        });
      });
    }

    it("a copy of the same batch got there first: ESDB's idempotent answer is reported as written:false", async () => {
      const { racing, store, other } = racers();
      const stream = uniqueStream("copy");
      const batch = contractEvents(stream, 1, 2);
      let theirs: Awaited<ReturnType<typeof other.appendToStream>> | undefined;
      racing.before(stream, async () => {
        theirs = await other.appendToStream(stream, batch, { expectedVersion: 0n });
      });
      const mine = await store.appendToStream(stream, batch, { expectedVersion: 0n });
      expect(theirs).toMatchObject({ written: true });
      expect(mine).toEqual({ ...theirs, written: false });
      expect(await store.streamVersion(stream)).toBe(2n);
    });

    it("the same ids with other content got there first: IdempotencyViolation (ESDB compares ids only)", async () => {
      const { racing, store, other } = racers();
      const stream = uniqueStream("other-content");
      const batch = contractEvents(stream, 1, 2);
      const impostor = batch.map((event) => ({ ...event, data: { other: true } }));
      racing.before(stream, () => other.appendToStream(stream, impostor, { expectedVersion: 0n }));
      const error = await store
        .appendToStream(stream, batch, { expectedVersion: 0n })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "idempotency-violation", streamId: stream, eventId: batch[0]!.id });
      expect((await collect(store.readStream(stream))).map((e) => e.data)).toEqual([
        { other: true },
        { other: true },
      ]);
    });

    it("ids claimed by an append that lost stay its stream's: reusing them on another stream is refused", async () => {
      const { racing, store, other } = racers();
      const [first, second] = [uniqueStream("owner"), uniqueStream("thief")];
      await store.appendToStream(first, [contractEvent(first, 1)]);
      racing.before(first, () => other.appendToStream(first, [contractEvent(first, 2)]));
      const lost = [contractEvent(first, 3)];
      await expect(store.appendToStream(first, lost, { expectedVersion: 1n })).rejects.toMatchObject({
        code: "wrong-expected-version",
      });
      await expect(store.appendToStream(second, lost)).rejects.toMatchObject({
        code: "idempotency-violation",
      });
      expect(await store.appendToStream(first, lost)).toMatchObject({
        nextExpectedVersion: 3n,
        written: true,
      });
    });
  });
}
