/** Synchronous validation of ManageUsersRequest (users/create, users/update, users/retire). */
import type { ServiceLimits } from "../limits.js";
import { fail, ok, type Result } from "../result.js";
import { duplicates, objectBody, optionalString } from "./validate.js";

/** One validated user entry. */
export interface RequestUser {
  readonly clientUserId: string;
  readonly email?: string;
  readonly managedAppleId?: string;
}

/** A validated users request. */
export interface ManageUsersCommand {
  readonly users: readonly RequestUser[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const parseUser = (item: unknown, withFields: boolean): Result<RequestUser> => {
  const entry = item as Record<string, unknown> | null;
  if (
    typeof entry !== "object" ||
    entry === null ||
    typeof entry.clientUserId !== "string" ||
    entry.clientUserId === ""
  ) {
    return fail(9602, "Each user needs a non-empty string clientUserId.");
  }
  const clientUserId = entry.clientUserId;
  if (!withFields) return ok({ clientUserId });
  const email = optionalString(entry.email, "email");
  if (!email.ok) return email;
  if (email.value !== undefined && !EMAIL.test(email.value)) {
    return fail(9717, undefined, { clientUserIds: [clientUserId] });
  }
  const managedAppleId = optionalString(entry.managedAppleId, "managedAppleId");
  if (!managedAppleId.ok) return managedAppleId;
  return ok({
    clientUserId,
    ...(email.value === undefined ? {} : { email: email.value }),
    ...(managedAppleId.value === undefined ? {} : { managedAppleId: managedAppleId.value }),
  });
};

/** Validates a users request; `retire` reads only clientUserId. */
export const parseManageUsers = (
  rawBody: unknown,
  limits: ServiceLimits,
  operation: "create" | "update" | "retire",
): Result<ManageUsersCommand> => {
  const body = objectBody(rawBody);
  if (!body.ok) return body;
  const raw = body.value.users;
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return fail(9720);
  if (!Array.isArray(raw)) return fail(9602, "users must be an array.");
  if (raw.length > limits.maxUsers) return fail(9714, `At most ${limits.maxUsers} are allowed.`);
  const users: RequestUser[] = [];
  for (const item of raw) {
    const user = parseUser(item, operation !== "retire");
    if (!user.ok) return user;
    users.push(user.value);
  }
  const repeated = duplicates(users.map((user) => user.clientUserId));
  if (repeated.length > 0) return fail(9715, undefined, { clientUserIds: repeated });
  return ok({ users });
};
