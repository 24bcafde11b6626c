import {
  type CorruptEvent,
  isLedgerError,
  LicenseAggregate,
  licenseEvents,
  loadAggregate,
} from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "./support/backends.js";
import { collect, testMetadata } from "./support/events.js";

const AT = "2025-01-01T00:00:00.000Z";
const STREAM = "vpp-license:tenant-1:361309726";

const corruption = async (work: Promise<unknown>): Promise<CorruptEvent> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isLedgerError(error, "corrupt-event")).toBe(true);
  return error as CorruptEvent;
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`rows edited by hand (${kind.name})`, () => {
    const backend = kind.setup();

    /** A store whose stream holds one valid event at version 1, then the given row at version 2. */
    const withHandRow = async (columns: {
      type?: string;
      schemaVersion?: string;
      data: string;
      metadata?: string;
    }) => {
      const storage = await backend.open();
      const valid = licenseEvents.encode({
        type: "PurchasedCountSynced",
        data: { purchased: 10, previous: 0, at: AT },
      });
      await storage.store.appendToStream(STREAM, [
        { id: "0b7c1a52-0a3e-4c1e-9c1f-1f2b3c4d5e6f", ...valid, metadata: testMetadata },
      ]);
      await backend.sql(
        `INSERT INTO "${storage.schema}".events
           (stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
         VALUES ($1, 2, '1b7c1a52-0a3e-4c1e-9c1f-1f2b3c4d5e6f', $2, ${columns.schemaVersion ?? "1"}, $3::jsonb, $4::jsonb)`,
        [
          STREAM,
          columns.type ?? "PurchasedCountSynced",
          columns.data,
          columns.metadata ?? JSON.stringify(testMetadata),
        ],
      );
      await backend.sql(`UPDATE "${storage.schema}".streams SET version = 2 WHERE stream_id = $1`, [STREAM]);
      return storage;
    };

    it('R11: data no codec accepts ({"purchased":"ten"}) is a CorruptEvent naming stream, version, type and field', async () => {
      const { store, snapshots } = await withHandRow({
        data: JSON.stringify({ purchased: "ten", previous: 10, at: AT }),
      });
      const error = await corruption(loadAggregate({ store, snapshots }, LicenseAggregate, STREAM));
      expect(error).toMatchObject({
        streamId: STREAM,
        streamVersion: 2n,
        eventType: "PurchasedCountSynced",
        path: "data.purchased",
      });
      expect(error.message).not.toMatch(/\bten\b/); // the stored value is never echoed
    });

    it("JSON null as data, or a type no catalog knows, is a CorruptEvent too", async () => {
      const nullData = await withHandRow({ data: "null" });
      expect(await corruption(loadAggregate(nullData, LicenseAggregate, STREAM))).toMatchObject({
        streamVersion: 2n,
      });
      const unknownType = await withHandRow({ type: "Nonsense", data: "{}" });
      expect(await corruption(loadAggregate(unknownType, LicenseAggregate, STREAM))).toMatchObject({
        eventType: "Nonsense",
        path: "type",
      });
    });

    it("metadata of the wrong shape stops a read at that row with a CorruptEvent, after the good rows", async () => {
      const { store } = await withHandRow({
        data: "{}",
        metadata: JSON.stringify({ ...testMetadata, tenantId: 42 }),
      });
      const seen: bigint[] = [];
      const reading = (async () => {
        for await (const event of store.readStream(STREAM)) seen.push(event.streamVersion);
      })();
      expect(await corruption(reading)).toMatchObject({ streamVersion: 2n, path: "metadata.tenantId" });
      expect(seen).toEqual([1n]);
      expect(await corruption(collect(store.readAll()))).toMatchObject({ path: "metadata.tenantId" });
    });

    it("a SQL NULL in a column the schema once required is a CorruptEvent, not a crash", async () => {
      const storage = await backend.open();
      await backend.sql(`ALTER TABLE "${storage.schema}".events ALTER COLUMN schema_version DROP NOT NULL`);
      await backend.sql(`ALTER TABLE "${storage.schema}".events ALTER COLUMN metadata DROP NOT NULL`);
      await backend.sql(
        `INSERT INTO "${storage.schema}".events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
         VALUES ('s', 1, '2b7c1a52-0a3e-4c1e-9c1f-1f2b3c4d5e6f', 'T', NULL, '{}', '{}'),
                ('s', 2, '3b7c1a52-0a3e-4c1e-9c1f-1f2b3c4d5e6f', 'T', 1, '{}', NULL)`,
      );
      expect(await corruption(collect(storage.store.readStream("s")))).toMatchObject({
        streamId: "s",
        streamVersion: 1n,
        eventType: "T",
        path: "schemaVersion",
      });
      expect(await corruption(collect(storage.store.readStream("s", { after: 1n })))).toMatchObject({
        streamVersion: 2n,
        path: "metadata",
      });
    });
  });
}
