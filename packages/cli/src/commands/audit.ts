import {
  type EventStore,
  InMemoryParkedStreamStore,
  type LedgerEvent,
  type ParkedStream,
  parseStreamId,
  readLedgerLog,
  toMillis,
} from "@vpp-ledger/core";
import { type AuditViolation, LicenseAudit } from "@vpp-ledger/projections";
import type { LogProgress } from "../output/progress.js";
import { readingAhead } from "../store/read-ahead.js";

/** Events per read when the caller does not say. */
const DEFAULT_BATCH = 2_000;

/** What to audit: the whole log, or a tenant's or an app's part of it, up to a position or an instant. */
export interface AuditScope {
  readonly tenantId?: string;
  readonly adamId?: string;
  /** Stop after this position (inclusive). */
  readonly until?: bigint;
  /** Only events recorded (their command's time) at or before this instant (ISO-8601). */
  readonly at?: string;
  readonly batchSize?: number;
}

/** What an audit found. */
export interface AuditOutcome {
  /** Log entries read (every stream, in scope or not). */
  readonly eventsRead: number;
  /** Ledger events in scope, checked against R13 and R16. */
  readonly eventsChecked: number;
  readonly pools: number;
  /** The last position read. */
  readonly position: bigint | undefined;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** The first event that broke R13 or R16 (R19), or null. */
  readonly violation: AuditViolation | null;
  /** Streams with an event that does not decode (R24): the audit cannot vouch for what follows in them. */
  readonly unreadable: ReadonlyArray<ParkedStream>;
}

// The CLI's reader never parks anything durably: an audit is read-only, so its parked list lives in memory.
const READER = "vpp-ledger-cli-audit";

const inScope = (scope: AuditScope, tenantId: string, adamId: string | undefined): boolean =>
  (scope.tenantId === undefined || scope.tenantId === tenantId) &&
  (scope.adamId === undefined || scope.adamId === adamId);

const eventInScope = (
  scope: AuditScope,
  event: LedgerEvent,
  recordedAt: string,
  atMillis: number | undefined,
): boolean => {
  if (!inScope(scope, event.tenantId, event.aggregate === "License" ? event.adamId : undefined)) return false;
  return atMillis === undefined || toMillis(recordedAt) <= atMillis;
};

/**
 * Replays the global log through the license audit (R19: R13 one license per user and app, R16 never beyond the
 * purchased count), in bounded batches, and names the first violation with its stream, version and position.
 */
export const auditLog = async (
  store: EventStore,
  scope: AuditScope,
  progress: LogProgress,
): Promise<AuditOutcome> => {
  const audit = new LicenseAudit();
  const unreadable: ParkedStream[] = [];
  const atMillis = scope.at === undefined ? undefined : toMillis(scope.at);
  const started = performance.now();
  let eventsRead = 0;
  let position: bigint | undefined;
  // One batch requested ahead: the next one is fetched while this one is decoded and checked.
  const ahead = readingAhead(store, scope.batchSize ?? DEFAULT_BATCH);
  const entries = readLedgerLog(ahead, {
    reader: READER,
    parked: new InMemoryParkedStreamStore(),
    batchSize: scope.batchSize ?? DEFAULT_BATCH,
  });
  try {
    for await (const entry of entries) {
      const at = entry.recorded.globalPosition;
      if (scope.until !== undefined && at > scope.until) break;
      eventsRead += 1;
      position = at;
      if (
        entry.kind === "event" &&
        eventInScope(scope, entry.event, entry.recorded.metadata.recordedAt, atMillis)
      )
        audit.apply(entry.event);
      if (entry.kind === "parked") {
        const stream = parseStreamId(entry.recorded.streamId);
        const adamId = stream?.aggregate === "License" ? stream.adamId : undefined;
        const inTime = atMillis === undefined || toMillis(entry.recorded.metadata.recordedAt) <= atMillis;
        if (inTime && (stream === undefined || inScope(scope, stream.tenantId, adamId)))
          unreadable.push(entry.entry);
      }
      if ((eventsRead & 0x3ff) === 0) progress.update(at, eventsRead);
    }
  } finally {
    if (position !== undefined) progress.update(position, eventsRead);
    progress.stop();
  }
  const elapsedMs = performance.now() - started;
  const report = audit.report();
  return {
    eventsRead,
    eventsChecked: report.eventsChecked,
    pools: report.pools,
    position,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? Math.round((eventsRead * 1000) / elapsedMs) : eventsRead,
    violation: report.firstViolation,
    unreadable,
  };
};
