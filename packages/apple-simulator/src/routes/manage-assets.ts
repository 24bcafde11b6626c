/** `POST assets/associate`, `assets/disassociate` and `assets/revoke`: validated now, applied async. */
import { failureReply } from "../http/reply.js";
import { runAssociate, runDisassociate, runRevoke } from "../operations/manage-assets.js";
import { parseManageAssets, parseRevokeAssets } from "../operations/manage-assets-request.js";
import { acceptOperation } from "./accept-operation.js";
import type { Route, TokenContext } from "./types.js";

const manage =
  (operation: "associate" | "disassociate") =>
  ({ sim, location, body }: TokenContext) => {
    const command = parseManageAssets(location, body, sim.options.limits, operation);
    if (!command.ok) return failureReply(command.failure);
    const { assets, clientUserIds, serialNumbers } = command.value;
    const numRequested = assets.length * (clientUserIds.length + serialNumbers.length);
    const run = operation === "associate" ? runAssociate : runDisassociate;
    const type = operation === "associate" ? "ASSOCIATE" : "DISASSOCIATE";
    return acceptOperation(sim, location, type, numRequested, (eventId) =>
      run(location, eventId, command.value, sim.drawFailure),
    );
  };

const revoke = ({ sim, location, body }: TokenContext) => {
  const command = parseRevokeAssets(body, sim.options.limits);
  if (!command.ok) return failureReply(command.failure);
  const numRequested = command.value.clientUserIds.length + command.value.serialNumbers.length;
  return acceptOperation(sim, location, "REVOKE", numRequested, (eventId) =>
    runRevoke(location, eventId, command.value, sim.drawFailure),
  );
};

/** The three routes. */
export const manageAssetsRoutes: readonly Route[] = [
  { kind: "token", path: "assets/associate", mainField: "eventId", methods: { POST: manage("associate") } },
  {
    kind: "token",
    path: "assets/disassociate",
    mainField: "eventId",
    methods: { POST: manage("disassociate") },
  },
  { kind: "token", path: "assets/revoke", mainField: "eventId", methods: { POST: revoke } },
];
