import { type CorruptEvent, isLedgerError } from "@vpp-ledger/core";
import { contractEvent } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { classifyRecord, decodeLedgerRecord, type EsdbRecord } from "./decode-event.js";
import { LEDGER_KEY, toEsdbEvent } from "./envelope.js";

// What the client hands back for an event the adapter wrote: the JSON round trip the wire does.
const recordOf = (data: unknown = { n: 1 }, revision = 2n): EsdbRecord => {
  const written = toEsdbEvent(contractEvent("s-1", 3, data), "append-1");
  return {
    streamId: "s-1",
    id: written.id,
    revision,
    type: written.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_993n },
  };
};

const withEnvelope = (patch: Record<string, unknown>): EsdbRecord => {
  const record = recordOf();
  const metadata = record.metadata as Record<string, Record<string, unknown>>;
  return { ...record, metadata: { ...metadata, [LEDGER_KEY]: { ...metadata[LEDGER_KEY], ...patch } } };
};

const corruption = (record: EsdbRecord): CorruptEvent => {
  try {
    decodeLedgerRecord(record);
  } catch (error) {
    expect(isLedgerError(error, "corrupt-event")).toBe(true);
    return error as CorruptEvent;
  }
  throw new Error("expected a CorruptEvent");
};

describe("decoding ESDB records", () => {
  it("reads back what was appended: version = revision + 1, position = commit position, metadata exact", () => {
    const event = contractEvent("s-1", 3, { n: 1 });
    expect(decodeLedgerRecord(recordOf())).toEqual({
      ...event,
      streamId: "s-1",
      streamVersion: 3n,
      globalPosition: 9_007_199_254_740_993n,
    });
  });

  it("a JSON string payload round-trips; an unparseable one (the client hands back raw text) is corrupt", () => {
    expect(decodeLedgerRecord(recordOf("just text")).data).toBe("just text");
    expect(corruption({ ...recordOf(), data: "{not json" })).toMatchObject({
      path: "data",
      streamVersion: 3n,
    });
    expect(corruption({ ...recordOf("text"), data: { n: 1 } }).path).toBe("data");
    expect(corruption({ ...recordOf(), isJson: false }).path).toBe("data");
  });

  it("names the broken envelope field the way the port names it, never echoing the value", () => {
    const secret = "secret-stoken-value";
    expect(corruption(withEnvelope({ schemaVersion: secret })).path).toBe("schemaVersion");
    expect(corruption(withEnvelope({ schemaVersion: 1.5 })).path).toBe("schemaVersion");
    expect(corruption(withEnvelope({ appendId: 7 })).path).toBe(`metadata.${LEDGER_KEY}.appendId`);
    expect(corruption(withEnvelope({ format: 2 })).path).toBe(`metadata.${LEDGER_KEY}.format`);
    const badTenant = withEnvelope({ metadata: { ...contractEvent("s-1", 3).metadata, tenantId: 7 } });
    expect(corruption(badTenant).path).toBe("metadata.tenantId");
    expect(corruption(withEnvelope({ metadata: { tenantId: "t" } })).path).toMatch(/^metadata\./);
    expect(corruption(withEnvelope({ schemaVersion: secret })).message).not.toContain(secret);
  });

  it("a record without the envelope is foreign: skipped by log readers, corrupt inside a ledger stream", () => {
    const foreign = { ...recordOf(), metadata: { $correlationId: "c" } };
    expect(classifyRecord(foreign)).toMatchObject({ kind: "foreign", path: `metadata.${LEDGER_KEY}` });
    expect(corruption(foreign).path).toBe(`metadata.${LEDGER_KEY}`);
    const unparsable = { ...recordOf(), metadata: new Uint8Array([123, 120]) };
    expect(classifyRecord(unparsable)).toMatchObject({ kind: "foreign", path: "metadata" });
    expect(corruption({ ...recordOf(), metadata: undefined }).path).toBe("metadata");
  });

  it("refuses to invent a position a pre-22.6 server did not send", () => {
    expect(() => decodeLedgerRecord({ ...recordOf(), position: { commit: 0n, prepare: 0n } })).toThrow(
      /22\.6/,
    );
  });
});
