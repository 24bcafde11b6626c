import { type EventPlace, licenseStreamId, toMillis } from "@vpp-ledger/core";
import type { SqlRow } from "@vpp-ledger/eventstore-postgres";
import type { Holding } from "@vpp-ledger/projections";
import { big, bigOrNull, oneOf, text, textOrNull } from "../columns.js";
import { ACTOR_KINDS, HOLDER_KINDS } from "../model/vocabulary.js";
import type { Column } from "./json-rows.js";

/** The columns of `license_holdings` after `generation`, as the applier writes them. */
export const HOLDING_COLUMNS: ReadonlyArray<Column> = [
  { name: "assigned_position", type: "bigint" },
  { name: "tenant_id", type: "text" },
  { name: "adam_id", type: "text" },
  { name: "user_id", type: "text" },
  { name: "from_at", type: "text" },
  { name: "from_ms", type: "bigint" },
  { name: "until_at", type: "text" },
  { name: "until_ms", type: "bigint" },
  { name: "assigned_version", type: "bigint" },
  { name: "assigned_event_id", type: "text" },
  { name: "assigned_actor_kind", type: "text" },
  { name: "assigned_actor_id", type: "text" },
  { name: "reclaimed_position", type: "bigint" },
  { name: "reclaimed_version", type: "bigint" },
  { name: "reclaimed_event_id", type: "text" },
  { name: "reclaimed_actor_kind", type: "text" },
  { name: "reclaimed_actor_id", type: "text" },
  { name: "reclaim_reason", type: "text" },
  { name: "holder_kind", type: "text" },
];

/** The SELECT list that {@link holdingOf} reads (bigints as text, so they stay exact on both drivers). */
export const HOLDING_SELECT = HOLDING_COLUMNS.map((c) =>
  c.type === "bigint" ? `t.${c.name}::text AS ${c.name}` : `t.${c.name}`,
).join(", ");

/** A holding as a row of `license_holdings`. The stream is the pool's, so places store no stream id. */
export const holdingJson = (h: Holding) => ({
  assigned_position: h.assignedBy.globalPosition.toString(),
  tenant_id: h.tenantId,
  adam_id: h.adamId,
  user_id: h.userId,
  from_at: h.from,
  from_ms: toMillis(h.from),
  until_at: h.until,
  until_ms: h.until === null ? null : toMillis(h.until),
  assigned_version: h.assignedBy.streamVersion.toString(),
  assigned_event_id: h.assignedBy.eventId,
  assigned_actor_kind: h.assignedBy.actor.kind,
  assigned_actor_id: h.assignedBy.actor.id ?? null,
  reclaimed_position: h.reclaimedBy?.globalPosition.toString() ?? null,
  reclaimed_version: h.reclaimedBy?.streamVersion.toString() ?? null,
  reclaimed_event_id: h.reclaimedBy?.eventId ?? null,
  reclaimed_actor_kind: h.reclaimedBy?.actor.kind ?? null,
  reclaimed_actor_id: h.reclaimedBy?.actor.id ?? null,
  reclaim_reason: h.reclaimReason,
  holder_kind: h.holderKind,
});

const placeOf = (row: SqlRow, streamId: string, prefix: "assigned" | "reclaimed"): EventPlace => {
  const id = textOrNull(row, `${prefix}_actor_id`);
  const kind = oneOf(row, `${prefix}_actor_kind`, ACTOR_KINDS);
  return {
    streamId,
    streamVersion: big(row, `${prefix}_version`),
    globalPosition: big(row, `${prefix}_position`),
    eventId: text(row, `${prefix}_event_id`),
    actor: id === null ? { kind } : { kind, id },
  };
};

/** A `license_holdings` row (selected with {@link HOLDING_SELECT}) as a holding. */
export const holdingOf = (row: SqlRow): Holding => {
  const tenantId = text(row, "tenant_id");
  const adamId = text(row, "adam_id");
  const streamId = licenseStreamId(tenantId, adamId);
  return {
    tenantId,
    adamId,
    userId: text(row, "user_id"),
    holderKind: oneOf(row, "holder_kind", HOLDER_KINDS),
    from: text(row, "from_at"),
    until: textOrNull(row, "until_at"),
    assignedBy: placeOf(row, streamId, "assigned"),
    reclaimedBy: bigOrNull(row, "reclaimed_position") === null ? null : placeOf(row, streamId, "reclaimed"),
    reclaimReason: textOrNull(row, "reclaim_reason"),
  };
};
