import { randomUUID } from "node:crypto";
import {
  type Actor,
  type EventStore,
  eventIdFor,
  LicenseAggregate,
  type LicenseEvent,
  licenseStreamId,
  VppAccountAggregate,
  type VppAccountEvent,
  vppAccountStreamId,
} from "@vpp-ledger/core";

/**
 * Appends ledger events by hand, bypassing the deciders: for data sets of a chosen shape, and for histories the
 * deciders would refuse (R13 and R16 broken, which only the audit should see).
 */
export const appender = (store: EventStore, actor: Actor = { kind: "admin", id: "admin-1" }) => {
  // Command ids unique to this appender, so two appenders on one store never derive the same event ids.
  const prefix = randomUUID();
  let commands = 0;
  const append = async (
    tenantId: string,
    streamId: string,
    encoded: ReadonlyArray<{ type: string; schemaVersion: number; data: unknown }>,
  ) => {
    const commandId = `hand-${prefix}-${commands++}`;
    const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
    const metadata = { tenantId, correlationId: commandId, causationId: commandId, actor, recordedAt: at };
    await store.appendToStream(
      streamId,
      encoded.map((event, i) => ({ id: eventIdFor(commandId, i), ...event, metadata })),
      { expectedVersion: "any" },
    );
  };
  return {
    license: (tenantId: string, adamId: string, ...events: LicenseEvent[]) =>
      append(
        tenantId,
        licenseStreamId(tenantId, adamId),
        events.map((e) => LicenseAggregate.events.encode(e)),
      ),
    account: (tenantId: string, ...events: VppAccountEvent[]) =>
      append(
        tenantId,
        vppAccountStreamId(tenantId),
        events.map((e) => VppAccountAggregate.events.encode(e)),
      ),
  };
};

/** An instant `minutes` after 2026-03-01T00:00Z. */
export const minute = (minutes: number): string =>
  new Date(Date.UTC(2026, 2, 1) + minutes * 60_000).toISOString();
