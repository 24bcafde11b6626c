import * as t from "io-ts";
import { Count, commonResponseFields, ErrorResponse, record } from "./common.js";

/** State of an Apple operation (Apple's `eventStatus`). */
export const OperationStatus = t.keyof({ PENDING: null, COMPLETE: null, FAILED: null }, "OperationStatus");
/** State of an Apple operation. */
export type OperationStatus = t.TypeOf<typeof OperationStatus>;

/**
 * GET status?eventId=: one Apple operation's state. Apple's wire names stay (`eventStatus`, `eventType`: the
 * operation's state and kind). `failures` lists what did not happen, one ErrorResponse each.
 */
export const StatusResponse = record(
  "StatusResponse",
  { eventStatus: OperationStatus },
  {
    eventType: t.string,
    failures: t.array(ErrorResponse),
    numCompleted: Count,
    numRequested: Count,
    ...commonResponseFields,
  },
);
/** GET status response. */
export type StatusResponse = t.TypeOf<typeof StatusResponse>;
