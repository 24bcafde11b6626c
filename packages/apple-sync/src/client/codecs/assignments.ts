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

/**
 * A license held by a user (`clientUserId`) or a device (`serialNumber`) of an asset (`adamId`,
 * `pricingParam`). Every field is optional, as Apple documents; one naming no holder can be no one's of ours.
 */
export const Assignment = record(
  "Assignment",
  {},
  {
    adamId: StringId,
    pricingParam: PricingParam,
    clientUserId: t.string,
    serialNumber: t.string,
    idHash: t.string,
    userStatus: t.string,
  },
);
/** A license held by a user or a device. */
export type Assignment = t.TypeOf<typeof Assignment>;

/** One page of GET assignments; `assignments` may be absent (read as none). */
export const GetAssignmentsResponse = record(
  "GetAssignmentsResponse",
  {},
  { assignments: t.array(Assignment), ...pagingFields, ...commonResponseFields },
);
/** One page of GET assignments. */
export type GetAssignmentsResponse = t.TypeOf<typeof GetAssignmentsResponse>;
