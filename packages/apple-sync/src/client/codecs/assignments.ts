import * as t from "io-ts";
import { commonResponseFields, PricingParam, pagingFields, record, StringId } from "./common.js";

/** Filters of GET assignments. `sinceVersionId` reads only what changed after that version. */
export const GetAssignmentsQuery = record(
  "GetAssignmentsQuery",
  {},
  {
    adamId: t.string,
    clientUserId: t.string,
    serialNumber: t.string,
    sinceVersionId: t.string,
    pricingParam: PricingParam,
    excludeInactiveUsers: t.boolean,
    includeUserState: t.boolean,
  },
);
/** Filters of GET assignments. */
export type GetAssignmentsQuery = t.TypeOf<typeof GetAssignmentsQuery>;

const AssignmentFields = record(
  "Assignment",
  { adamId: StringId, pricingParam: PricingParam },
  { clientUserId: t.string, serialNumber: t.string, idHash: t.string, userStatus: t.string },
);

/** A license held by a user (`clientUserId`) or a device (`serialNumber`): exactly what v2 identifies it by. */
export const Assignment = t.refinement(
  AssignmentFields,
  (a) => a.clientUserId !== undefined || a.serialNumber !== undefined,
  "Assignment with a clientUserId or a serialNumber",
);
/** A license held by a user or a device. */
export type Assignment = t.TypeOf<typeof Assignment>;

/** One page of GET assignments. */
export const GetAssignmentsResponse = record(
  "GetAssignmentsResponse",
  { assignments: t.array(Assignment), ...pagingFields.required },
  { ...pagingFields.optional, ...commonResponseFields },
);
/** One page of GET assignments. */
export type GetAssignmentsResponse = t.TypeOf<typeof GetAssignmentsResponse>;
