import type { SimulatorContext } from "../context.js";
import { json, type Reply } from "../http/reply.js";
import type { EventOutcome, EventType } from "../model/events.js";
import type { Location } from "../model/location.js";
import { withCommon } from "./common.js";

/**
 * Accepts async work: records a PENDING event and answers `{eventId}`. The work starts only once the response
 * is on the wire (then, later, or on demand, per the completion mode).
 */
export const acceptEvent = (
  sim: SimulatorContext,
  location: Location,
  type: EventType,
  numRequested: number,
  run: (eventId: string) => EventOutcome,
): Reply => {
  let eventId = "";
  const event = sim.events.submit(location, type, numRequested, () => run(eventId));
  eventId = event.eventId;
  return json(withCommon(location, { eventId }), () => sim.events.responseSent(event));
};
