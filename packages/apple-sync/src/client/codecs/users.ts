import * as t from "io-ts";
import { commonResponseFields, pagingFields, record } from "./common.js";

/** Filters of GET users. `activeOnly` hides retired rows; `sinceVersionId` reads only what changed. */
export const GetUsersQuery = record(
  "GetUsersQuery",
  {},
  { activeOnly: t.boolean, retiredOnly: t.boolean, clientUserId: t.string, sinceVersionId: t.string },
);
/** Filters of GET users. */
export type GetUsersQuery = t.TypeOf<typeof GetUsersQuery>;

/** `Registered` (invited), `Associated` (has an Apple Account), `Retired`, `Deleted`; unknown values kept. */
export type UserStatus = "Registered" | "Associated" | "Retired" | "Deleted" | (string & {});

/**
 * A VPP user. v2 has no `userId`: `clientUserId` (ours) and `idHash` (the Apple Account's) identify it. Every
 * field is optional, as Apple documents; a user without `clientUserId` cannot be one of ours.
 */
export const ResponseUser = record(
  "ResponseUser",
  {},
  {
    clientUserId: t.string,
    status: t.string as t.Type<UserStatus, string, unknown>,
    email: t.string,
    idHash: t.string,
    inviteCode: t.string,
    managedAppleId: t.string,
  },
);
/** A VPP user. */
export type ResponseUser = t.TypeOf<typeof ResponseUser>;

/** One page of GET users; `users` may be absent (read as none). */
export const GetUsersResponse = record(
  "GetUsersResponse",
  {},
  { users: t.array(ResponseUser), ...pagingFields, ...commonResponseFields },
);
/** One page of GET users. */
export type GetUsersResponse = t.TypeOf<typeof GetUsersResponse>;

/** A user to create or update. A `managedAppleId` associates the user at once, with no invitation. */
export const RequestUser = record(
  "RequestUser",
  { clientUserId: t.string },
  { email: t.string, managedAppleId: t.string },
);
/** A user to create or update. */
export type RequestUser = t.TypeOf<typeof RequestUser>;

/** POST users/create and users/update. */
export const ManageUsersRequest = record("ManageUsersRequest", { users: t.array(RequestUser) }, {});
/** POST users/create and users/update body. */
export type ManageUsersRequest = t.TypeOf<typeof ManageUsersRequest>;

/** POST users/retire. */
export const RetireUsersRequest = record(
  "RetireUsersRequest",
  { users: t.array(record("RetireUser", { clientUserId: t.string }, {})) },
  {},
);
/** POST users/retire body. */
export type RetireUsersRequest = t.TypeOf<typeof RetireUsersRequest>;
