/** `GET status?eventId=`: where an async event stands. */
import { appleFailure } from "../errors.js";
import { failureReply, json } from "../http/reply.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";

const getStatus = ({ sim, location, query }: TokenContext) => {
  const eventId = query.get("eventId");
  if (eventId === null || eventId === "") return failureReply(appleFailure(9602, "eventId is required."));
  const event = sim.events.get(eventId, location);
  if (event === undefined) return failureReply(appleFailure(9708));
  return json(
    withCommon(location, {
      eventStatus: event.status,
      eventType: event.type,
      ...(event.failures.length === 0 ? {} : { failures: event.failures }),
      numCompleted: event.numCompleted,
      numRequested: event.numRequested,
    }),
  );
};

/** The route. */
export const statusRoute: Route = {
  kind: "token",
  path: "status",
  mainField: "eventStatus",
  methods: { GET: getStatus },
};
