/** `GET users`: user rows, filtered, paged and versioned (`sinceVersionId`). */

import { appleFailure } from "../errors.js";
import { failureReply, json } from "../http/reply.js";
import { isActive } from "../model/users.js";
import { paginate } from "../paging.js";
import { booleanParam } from "../query.js";
import { toResponseUser } from "../wire.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";
import { sinceVersion } from "./versioned.js";

const getUsers = ({ sim, location, query }: TokenContext) => {
  const activeOnly = booleanParam(query, "activeOnly");
  if (!activeOnly.ok) return failureReply(activeOnly.failure);
  const retiredOnly = booleanParam(query, "retiredOnly");
  if (!retiredOnly.ok) return failureReply(retiredOnly.failure);
  if (activeOnly.value === true && retiredOnly.value === true) {
    return failureReply(appleFailure(9602, "activeOnly and retiredOnly exclude each other."));
  }
  const since = sinceVersion(location, query);
  if (!since.ok) return failureReply(since.failure);
  const clientUserId = query.get("clientUserId");
  const matching = location.users
    .list()
    .filter(
      (user) =>
        (clientUserId === null || user.clientUserId === clientUserId) &&
        (activeOnly.value !== true || isActive(user)) &&
        (retiredOnly.value !== true || user.status === "Retired") &&
        (since.value === undefined || user.changedAt > since.value),
    );
  const page = paginate(matching, query.get("pageIndex"), sim.options.pageSize);
  if (!page.ok) return failureReply(page.failure);
  const { items, ...paging } = page.value;
  return json(
    withCommon(location, {
      users: items.map(toResponseUser),
      ...paging,
      versionId: location.users.collection.versionId(),
    }),
  );
};

/** The route. */
export const usersRoute: Route = {
  kind: "token",
  path: "users",
  mainField: "users",
  methods: { GET: getUsers },
};
