import * as t from "io-ts";
import { Count, commonResponseFields, ErrorResponse, record } from "./common.js";

/** State of an asynchronous event. */
export const EventStatus = t.keyof({ PENDING: null, COMPLETE: null, FAILED: null }, "EventStatus");
/** State of an asynchronous event. */
export type EventStatus = t.TypeOf<typeof EventStatus>;

/** GET status?eventId=. `failures` lists what did not happen, one ErrorResponse each. */
export const StatusResponse = record(
  "StatusResponse",
  { eventStatus: EventStatus },
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
