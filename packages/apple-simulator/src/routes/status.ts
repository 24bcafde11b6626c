/** `GET status?eventId=`: where an async operation stands (Apple's wire names say event). */
import { appleFailure } from "../errors.js";
import { failureReply, json } from "../http/reply.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";

const getStatus = ({ sim, location, query }: TokenContext) => {
  const eventId = query.get("eventId");
  if (eventId === null || eventId === "") return failureReply(appleFailure(9602, "eventId is required."));
  const operation = sim.operations.get(eventId, location);
  if (operation === undefined) return failureReply(appleFailure(9708));
  return json(
    withCommon(location, {
      eventStatus: operation.status,
      eventType: operation.type,
      ...(operation.failures.length === 0 ? {} : { failures: operation.failures }),
      numCompleted: operation.numCompleted,
      numRequested: operation.numRequested,
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
