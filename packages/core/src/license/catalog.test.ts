import { describe, expect, it } from "vitest";
import { eventCatalog, type StoredEventData } from "../store/catalog.js";
import { CorruptEvent, isLedgerError } from "../store/errors.js";
import { type LicenseEvent, licenseEventCodecs } from "./events.js";
import { licenseEvents } from "./index.js";

const at = "2026-11-25T09:00:00Z";
const row = (overrides: Partial<StoredEventData>): StoredEventData => ({
  streamId: "vpp-license:tenant-1:123456",
  streamVersion: 7n,
  type: "LicenseAssigned",
  schemaVersion: 1,
  data: { userId: "u1", at },
  ...overrides,
});

/** Decodes and returns the CorruptEvent thrown (failing the test when nothing is thrown). */
const corruption = (decode: () => unknown): CorruptEvent => {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptEvent);
    expect(isLedgerError(error, "corrupt-event")).toBe(true);
    return error as CorruptEvent;
  }
  return expect.unreachable("decoding must throw CorruptEvent");
};

/**
 * The License catalog as it would look after a schema change: version 1 of LicenseReclaimed had no `reason`
 * (every reclaim came from an uninstall), version 2 added it.
 */
const evolvedSchemas = Object.fromEntries(
  Object.entries(licenseEventCodecs).map(([type, codec]) => [type, { codec, schemaVersion: 1 }]),
) as unknown as Parameters<typeof eventCatalog<LicenseEvent>>[0];
const evolvedCatalog = eventCatalog<LicenseEvent>({
  ...evolvedSchemas,
  LicenseReclaimed: {
    codec: licenseEventCodecs.LicenseReclaimed,
    schemaVersion: 2,
    upcasters: { 1: (data) => ({ ...(data as object), reason: "app-uninstalled" }) },
  },
});

describe("License event catalog: schema versions and corrupt rows", () => {
  it("R18: an event stored under an old schema version is upcast on read", () => {
    const old = row({ type: "LicenseReclaimed", schemaVersion: 1, data: { userId: "u1", at } });
    expect(evolvedCatalog.decode(old)).toEqual({
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "app-uninstalled", at },
    });
    const current = row({
      type: "LicenseReclaimed",
      schemaVersion: 2,
      data: { userId: "u1", reason: "apple-refused", at },
    });
    expect(evolvedCatalog.decode(current).data).toMatchObject({ reason: "apple-refused" });
    expect(
      evolvedCatalog.encode({ type: "LicenseReclaimed", data: { userId: "u1", reason: "user-retired", at } }),
    ).toMatchObject({ schemaVersion: 2 });
  });

  it("an event from a newer library version, an invalid version, or a version without an upcaster is corrupt", () => {
    const newer = corruption(() =>
      evolvedCatalog.decode(row({ type: "LicenseReclaimed", schemaVersion: 3 })),
    );
    expect(newer.path).toBe("schemaVersion");
    expect(newer.message).toContain("newer than this library knows");
    const invalid = corruption(() => licenseEvents.decode(row({ schemaVersion: 0 })));
    expect(invalid.path).toBe("schemaVersion");
    const gap = eventCatalog<LicenseEvent>({
      ...evolvedSchemas,
      LicenseReclaimed: {
        codec: licenseEventCodecs.LicenseReclaimed,
        schemaVersion: 3,
        upcasters: { 2: (d) => d },
      },
    });
    const missing = corruption(() => gap.decode(row({ type: "LicenseReclaimed", schemaVersion: 1 })));
    expect(missing).toMatchObject({ path: "schemaVersion" });
    expect(missing.message).toContain("no upcaster from version 1");
  });

  it("an unknown event type is corrupt and named", () => {
    const error = corruption(() => licenseEvents.decode(row({ type: "TokenUploaded" })));
    expect(error).toMatchObject({
      streamId: "vpp-license:tenant-1:123456",
      streamVersion: 7n,
      eventType: "TokenUploaded",
      path: "type",
    });
    expect(licenseEvents.knows("TokenUploaded")).toBe(false);
    expect(licenseEvents.knows("LicenseAssigned")).toBe(true);
  });

  it.each([
    ["a user id of the wrong type", { userId: 42, at }, "data.userId"],
    ["a time that is not ISO-8601", { userId: "u1", at: "yesterday" }, "data.at"],
    ["missing data", null, "data"],
  ])("a row with %s is corrupt, naming stream, version, type and field, never the value", (_, data, path) => {
    const error = corruption(() => licenseEvents.decode(row({ data })));
    expect(error).toMatchObject({
      streamId: "vpp-license:tenant-1:123456",
      streamVersion: 7n,
      eventType: "LicenseAssigned",
      path,
    });
    expect(error.message).toContain("vpp-license:tenant-1:123456");
    expect(error.message).toContain("version 7");
    expect(error.message).toContain(path);
    expect(error.message).not.toContain("yesterday");
  });
});
