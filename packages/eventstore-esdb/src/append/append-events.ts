import { randomUUID } from "node:crypto";
import { type EventStoreDBClient, MaxAppendSizeExceededError } from "@eventstore/db-client";
import {
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
  IdempotencyViolation,
  WrongExpectedVersion,
} from "@vpp-ledger/core";
import {
  assertValidAppend,
  checkExpectedVersion,
  classifyAppend,
  satisfiesExpectedVersion,
} from "@vpp-ledger/core/adapter-kit";
import { isWrongExpectedVersion, translateClientError } from "../client/errors.js";
import { toEsdbEvent } from "../codec/envelope.js";
import { expectedRevisionFor, versionOfCurrent } from "../mapping/revision.js";
import { readStreamHead } from "../read/stream-head.js";
import { confirmAppend, retriedAt } from "./confirm-append.js";
import { claimNewIds, type EventIdIndex, recordPlacements } from "./event-id-index.js";
import { findStoredEvents } from "./stored-events.js";

/** What an append needs: the client, the event-id index and how often to retry a race. */
export interface AppendContext {
  readonly client: EventStoreDBClient;
  readonly index: EventIdIndex;
  /** Attempts of an `"any"` / `"stream_exists"` append that keeps losing races to other writers. */
  readonly maxAttempts: number;
}

type Attempt = { readonly result: AppendResult } | { readonly racedAt: bigint };

const writeToStream = async (
  ctx: AppendContext,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  base: bigint,
  appendId: string,
): Promise<Attempt> => {
  try {
    const result = await ctx.client.appendToStream(
      streamId,
      events.map((event) => toEsdbEvent(event, appendId)),
      { expectedRevision: expectedRevisionFor(expected, base) },
    );
    // A client built with throwOnAppendFailure=false reports the conflict as a value.
    if (!result.success) return { racedAt: (await readStreamHead(ctx.client, streamId)).version };
  } catch (error) {
    if (isWrongExpectedVersion(error)) return { racedAt: versionOfCurrent(error.actualVersion) };
    if (error instanceof MaxAppendSizeExceededError) {
      throw new RangeError(
        `stream ${streamId}: the batch of ${events.length} events exceeds EventStoreDB's maximum append ` +
          `size (${error.maxAppendSize} bytes); append it in smaller batches`,
      );
    }
    throw translateClientError(error, `an append to stream ${streamId}`);
  }
  return { result: await confirmAppend(ctx.client, streamId, events, expected, base, appendId) };
};

/**
 * One attempt: read where the stream ends; if the expected version holds there, claim the batch's ids in the
 * index at the versions they will take (ids claimed before need a lookup: a retry, a violation, or a race
 * of this very command); decide with the core's rules; append with ESDB's expected revision = the end seen.
 * Every id gets an index entry with its version before the append, so the index never misses a stored event.
 */
const attempt = async (
  ctx: AppendContext,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  appendId: string,
  retry: { readonly version: bigint } | undefined,
): Promise<Attempt> => {
  // A retry starts from the version ESDB reported, and knows the stream owns every id of the batch.
  const version = retry?.version ?? (await readStreamHead(ctx.client, streamId)).version;
  const fits = satisfiesExpectedVersion(expected, version);
  const placements = events.map((event, i) => ({ id: event.id, version: version + 1n + BigInt(i) }));
  // When the version does not hold, claim nothing: only look the ids up, to tell a retry from a conflict.
  const seen =
    fits && retry === undefined
      ? await claimNewIds(ctx.index, streamId, placements, appendId)
      : new Set(events.map((event) => event.id));
  if (seen.size > 0) {
    const found = await findStoredEvents(ctx.index, streamId, [...seen]);
    if (found.ownedElsewhere !== undefined) throw new IdempotencyViolation(streamId, found.ownedElsewhere);
    const classification = classifyAppend(streamId, events, expected, (id) => found.stored.get(id));
    if (classification.kind === "duplicate") return { result: retriedAt(classification.last) };
    checkExpectedVersion(streamId, expected, version);
    await recordPlacements(
      ctx.index,
      streamId,
      placements.filter((placement) => seen.has(placement.id)),
      appendId,
    );
  }
  return writeToStream(ctx, streamId, events, expected, version, appendId);
};

/**
 * Appends a batch to a ledger stream (see docs/eventstore-esdb.md for the protocol). Errors are the port's:
 * `WrongExpectedVersion` with the actual version, `IdempotencyViolation`, StoreUnavailable.
 */
export const appendEvents = async (
  ctx: AppendContext,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion = "any",
): Promise<AppendResult> => {
  assertValidAppend(streamId, events, expected);
  if (events.length === 0) {
    const head = await readStreamHead(ctx.client, streamId);
    checkExpectedVersion(streamId, expected, head.version);
    return { nextExpectedVersion: head.version, lastGlobalPosition: head.position, written: false };
  }
  // Random on purpose: it marks which call wrote the events, never part of their content.
  const appendId = randomUUID();
  let retry: { readonly version: bigint } | undefined;
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(ctx, streamId, events, expected, appendId, retry);
    if ("result" in outcome) return outcome.result;
    // An exact expectation failed for good; "any" and "stream_exists" still hold on a longer stream: retry,
    // after a random pause that grows, so writers racing on one stream stop colliding.
    const retries = (expected === "any" || expected === "stream_exists") && attempts < ctx.maxAttempts;
    if (!retries) throw new WrongExpectedVersion(streamId, expected, outcome.racedAt);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempts)));
    retry = { version: outcome.racedAt };
  }
};
