import { type CorruptEvent, isLedgerError } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { decodeEventRow } from "./event-row.js";

const row = {
  position: "9007199254740993",
  stream_id: "vpp-license:t1:42",
  version: "3",
  event_id: "4943ff6f-4e5c-5f64-953d-8ccf2105368d",
  event_type: "PurchasedCountSynced",
  schema_version: 1,
  data: { purchased: 10 },
  metadata: {
    tenantId: "t1",
    correlationId: "c",
    causationId: "c",
    recordedAt: "2025-01-01T00:00:00.000Z",
    actor: { kind: "admin", id: "a1" },
  },
};

const corruptionOf = (bad: Record<string, unknown>): CorruptEvent => {
  try {
    decodeEventRow({ ...row, ...bad });
  } catch (error) {
    expect(isLedgerError(error, "corrupt-event")).toBe(true);
    return error as CorruptEvent;
  }
  throw new Error("expected a CorruptEvent");
};

describe("decodeEventRow", () => {
  it("decodes positions and versions as exact bigints, beyond Number.MAX_SAFE_INTEGER", () => {
    const event = decodeEventRow(row);
    expect(event.globalPosition).toBe(9007199254740993n);
    expect(event.streamVersion).toBe(3n);
    expect(event).toMatchObject({
      streamId: row.stream_id,
      id: row.event_id,
      type: row.event_type,
      data: row.data,
    });
    expect(event.metadata).toEqual(row.metadata);
  });

  it("names stream, version, type and column of a malformed row instead of crashing", () => {
    expect(corruptionOf({ schema_version: null })).toMatchObject({
      streamId: row.stream_id,
      streamVersion: 3n,
      eventType: row.event_type,
      path: "schemaVersion",
    });
    expect(corruptionOf({ metadata: "oops" }).path).toBe("metadata");
    expect(corruptionOf({ metadata: { ...row.metadata, tenantId: 7 } }).path).toBe("metadata.tenantId");
    expect(corruptionOf({ metadata: { ...row.metadata, actor: {} } }).path).toBe("metadata.actor.kind");
    expect(corruptionOf({ event_type: null }).path).toBe("type");
    expect(corruptionOf({ version: null })).toMatchObject({
      path: "streamVersion",
      streamVersion: -1n,
    });
    expect(corruptionOf({ stream_id: 12 })).toMatchObject({ path: "streamId", streamId: "(unreadable)" });
    expect(corruptionOf({ position: "x" }).path).toBe("globalPosition");
    expect(corruptionOf({ data: undefined }).path).toBe("data");
  });

  it("never echoes the stored values in the message", () => {
    expect(corruptionOf({ metadata: "secret-stoken-value" }).message).not.toContain("secret");
  });
});
