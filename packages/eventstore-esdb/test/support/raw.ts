import { randomUUID } from "node:crypto";
import {
  type EventStoreDBClient,
  type JSONEventData,
  type ReadRevision,
  START,
  WrongExpectedVersionError,
} from "@eventstore/db-client";

/** A stream name no other test or run uses. */
export const uniqueStream = (label: string): string => `esdb-test-${randomUUID().slice(0, 8)}-${label}`;

/** A plain JSON event as any ESDB application would write it (no ledger envelope). */
export const rawEvent = (data: Record<string, unknown>, id: string = randomUUID()): JSONEventData => ({
  id,
  contentType: "application/json",
  type: "RawEvent",
  data,
  metadata: undefined,
});

/** Every record of a stream (small streams only), forwards or backwards. */
export const readRaw = async (
  client: EventStoreDBClient,
  stream: string,
  options: { direction?: "forwards" | "backwards"; fromRevision?: ReadRevision; maxCount?: number } = {},
) => {
  const records = [];
  for await (const resolved of client.readStream(stream, { fromRevision: START, ...options })) {
    if (resolved.event) records.push(resolved.event);
  }
  return records;
};

/** The client's conflict error of a failed call, or a failure of the test. */
export const conflictOf = async (call: Promise<unknown>): Promise<WrongExpectedVersionError> => {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof WrongExpectedVersionError))
    throw new Error(`expected a conflict, got ${String(error)}`);
  return error;
};
