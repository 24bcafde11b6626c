import type { SimulatorContext } from "../context.js";
import { json, type Reply } from "../http/reply.js";
import type { Location } from "../model/location.js";
import type { OperationOutcome, OperationType } from "../model/operations.js";
import { withCommon } from "./common.js";

/**
 * Accepts async work: records a PENDING operation and answers `{eventId}` (Apple's name for the operation's
 * id). The work starts only once the response is on the wire (then, later, or on demand, per the completion
 * mode).
 */
export const acceptOperation = (
  sim: SimulatorContext,
  location: Location,
  type: OperationType,
  numRequested: number,
  run: (operationId: string) => OperationOutcome,
): Reply => {
  let operationId = "";
  const operation = sim.operations.submit(location, type, numRequested, () => run(operationId));
  operationId = operation.operationId;
  return json(withCommon(location, { eventId: operationId }), () => sim.operations.responseSent(operation));
};
