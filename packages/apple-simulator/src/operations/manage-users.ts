/**
 * The async part of users/create, users/update and users/retire, with USER_MANAGEMENT notifications (chunks
 * of 100 users; a failure carries its one ErrorResponse).
 */
import { type ErrorResponse, errorResponse } from "../errors.js";
import { isRevocable, unassign, userTarget } from "../model/licensing.js";
import type { Location } from "../model/location.js";
import type { OperationOutcome } from "../model/operations.js";
import { isActive, type UserRecord } from "../model/users.js";
import { chunk, type UserManagementNotification } from "../notifications/types.js";
import { type FailureDraw, NO_FAILURES, splitByFailure } from "../realism/async-failures.js";
import { type ResponseUser, toResponseUser } from "../wire.js";
import type { ManageUsersCommand, RequestUser } from "./manage-users-request.js";

type UserEventType = UserManagementNotification["type"];

const report = (
  location: Location,
  eventId: string,
  type: UserEventType,
  users: UserManagementNotification["users"],
  error?: ErrorResponse,
): void => {
  for (const part of users.length === 0 ? [[]] : chunk(users)) {
    const notification: UserManagementNotification =
      error === undefined
        ? { eventId, result: "SUCCESS", type, users: part }
        : { error, eventId, result: "FAILURE", type, users: part };
    location.notify(location, { type: "USER_MANAGEMENT", notification });
  }
};

/**
 * Applies `change` to each requested user that passes `check`; the others fail together with `errorNumber`.
 */
const runUsers = (
  location: Location,
  eventId: string,
  type: UserEventType,
  command: ManageUsersCommand,
  errorNumber: 9609 | 9716,
  draw: FailureDraw,
  apply: (user: RequestUser) => UserRecord | undefined,
): OperationOutcome => {
  const done: ResponseUser[] = [];
  const rejected: RequestUser[] = [];
  const injected: ErrorResponse[] = [];
  const { proceed, failed } = splitByFailure(command.users, draw, [9603, 9644]);
  for (const [code, users] of failed) {
    const clientUserIds = users.map((user) => user.clientUserId);
    const error = location.worded(errorResponse(code, undefined, { clientUserIds }));
    injected.push(error);
    report(
      location,
      eventId,
      type,
      clientUserIds.map((clientUserId) => ({ clientUserId })),
      error,
    );
  }
  for (const user of proceed) {
    const record = apply(user);
    if (record === undefined) rejected.push(user);
    else done.push(toResponseUser(record));
  }
  if (done.length > 0 || (rejected.length === 0 && injected.length === 0))
    report(location, eventId, type, done);
  if (rejected.length === 0) return { numCompleted: done.length, failures: injected };
  const clientUserIds = rejected.map((user) => user.clientUserId);
  const error = location.worded(errorResponse(errorNumber, undefined, { clientUserIds }));
  const known = (clientUserId: string) => {
    const rows = location.users.list().filter((row) => row.clientUserId === clientUserId);
    const row = rows.find(isActive) ?? rows.at(-1);
    return row === undefined ? { clientUserId } : toResponseUser(row);
  };
  report(location, eventId, type, clientUserIds.map(known), error);
  return { numCompleted: done.length, failures: [...injected, error] };
};

/** Creates users; a clientUserId that already has an active user fails with 9716. */
export const runCreateUsers = (
  location: Location,
  eventId: string,
  command: ManageUsersCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome =>
  runUsers(location, eventId, "CREATE", command, 9716, draw, (user) =>
    location.users.active(user.clientUserId) === undefined
      ? location.users.create(user.clientUserId, user)
      : undefined,
  );

/** Updates email / Managed Apple Account of active users; unknown ones fail with 9609. */
export const runUpdateUsers = (
  location: Location,
  eventId: string,
  command: ManageUsersCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome =>
  runUsers(location, eventId, "UPDATE", command, 9609, draw, (user) => {
    const record = location.users.active(user.clientUserId);
    if (record !== undefined) location.users.update(record, user);
    return record;
  });

/**
 * Retires users. Their revocable licenses go back to the pool; irrevocable ones (books) stay with the retired
 * user and count as `retiredCount`. (What Apple does with a retired user's licenses is not documented for v2.)
 */
export const runRetireUsers = (
  location: Location,
  eventId: string,
  command: ManageUsersCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome =>
  runUsers(location, eventId, "RETIRE", command, 9609, draw, (user) => {
    const record = location.users.active(user.clientUserId);
    if (record === undefined) return undefined;
    const target = userTarget(record);
    const held = location.assignments.heldBy(target);
    const revocable = held.filter((assignment) => isRevocable(location, assignment));
    unassign(location, revocable);
    location.users.retire(record);
    const kept = held.filter((assignment) => !revocable.includes(assignment));
    if (kept.length > 0) {
      location.assignments.touch(kept);
      location.assets.collection.write();
    }
    return record;
  });
