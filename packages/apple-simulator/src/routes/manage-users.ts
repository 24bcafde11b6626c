/** `POST users/create`, `users/update` and `users/retire`: validated now, applied async. */
import { failureReply } from "../http/reply.js";
import { runCreateUsers, runRetireUsers, runUpdateUsers } from "../operations/manage-users.js";
import { parseManageUsers } from "../operations/manage-users-request.js";
import { acceptOperation } from "./accept-operation.js";
import type { Route, TokenContext } from "./types.js";

const OPERATIONS = {
  create: { type: "CREATE", run: runCreateUsers },
  update: { type: "UPDATE", run: runUpdateUsers },
  retire: { type: "RETIRE", run: runRetireUsers },
} as const;

const manageUsers =
  (operation: keyof typeof OPERATIONS) =>
  ({ sim, location, body }: TokenContext) => {
    const command = parseManageUsers(body, sim.options.limits, operation);
    if (!command.ok) return failureReply(command.failure);
    const { type, run } = OPERATIONS[operation];
    return acceptOperation(sim, location, type, command.value.users.length, (eventId) =>
      run(location, eventId, command.value, sim.drawFailure),
    );
  };

/** The three routes. */
export const manageUsersRoutes: readonly Route[] = (["create", "update", "retire"] as const).map(
  (operation): Route => ({
    kind: "token",
    path: `users/${operation}`,
    mainField: "eventId",
    methods: { POST: manageUsers(operation) },
  }),
);
