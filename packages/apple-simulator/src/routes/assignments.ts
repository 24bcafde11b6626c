/** `GET assignments`: current licenses, filtered, paged and versioned (`sinceVersionId`). */
import { failureReply, json } from "../http/reply.js";
import { holderOf, isRetiredAssignment } from "../model/licensing.js";
import { paginate } from "../paging.js";
import { booleanParam, enumParam } from "../query.js";
import { toResponseAssignment } from "../wire.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";
import { sinceVersion } from "./versioned.js";

const getAssignments = ({ sim, location, query }: TokenContext) => {
  const pricingParam = enumParam(query, "pricingParam", ["STDQ", "PLUS"] as const);
  if (!pricingParam.ok) return failureReply(pricingParam.failure);
  const excludeInactive = booleanParam(query, "excludeInactiveUsers");
  if (!excludeInactive.ok) return failureReply(excludeInactive.failure);
  const includeUserState = booleanParam(query, "includeUserState");
  if (!includeUserState.ok) return failureReply(includeUserState.failure);
  const since = sinceVersion(location, query);
  if (!since.ok) return failureReply(since.failure);
  const adamId = query.get("adamId");
  const clientUserId = query.get("clientUserId");
  const serialNumber = query.get("serialNumber");
  const matching = location.assignments.list().filter((record) => {
    const { target } = record;
    return (
      (adamId === null || record.adamId === adamId) &&
      (pricingParam.value === undefined || record.pricingParam === pricingParam.value) &&
      (clientUserId === null || (target.kind === "user" && target.clientUserId === clientUserId)) &&
      (serialNumber === null || (target.kind === "device" && target.serialNumber === serialNumber)) &&
      (excludeInactive.value !== true || !isRetiredAssignment(location, record)) &&
      (since.value === undefined || record.changedAt > since.value)
    );
  });
  const page = paginate(matching, query.get("pageIndex"), sim.options.pageSize);
  if (!page.ok) return failureReply(page.failure);
  const { items, ...paging } = page.value;
  const withState = includeUserState.value === true;
  return json(
    withCommon(location, {
      assignments: items.map((record) =>
        toResponseAssignment(record, withState ? holderOf(location, record) : undefined),
      ),
      ...paging,
      versionId: location.assignments.collection.versionId(),
    }),
  );
};

/** The route. */
export const assignmentsRoute: Route = {
  kind: "token",
  path: "assignments",
  mainField: "assignments",
  methods: { GET: getAssignments },
};
