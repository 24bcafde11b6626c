import { chunkManageAssets, chunkRevoke, chunkUsers } from "../batching.js";
import { OperationResponse } from "../codecs/common.js";
import { ManageAssetsRequest, RevokeAssetsRequest } from "../codecs/manage.js";
import { StatusResponse } from "../codecs/status.js";
import { ManageUsersRequest, type RequestUser, RetireUsersRequest } from "../codecs/users.js";
import { type AppleApiError, BatchPartiallySubmittedError, isAppleApiError } from "../errors.js";
import { call } from "../http/caller.js";
import type { ClientInternals } from "../internals.js";
import { validateRequest } from "../validate.js";
import type { CallOptions } from "./config.js";

/** One request of a chunked batch that Apple accepted, and the operation that will report its outcome. */
export interface SubmittedOperation<Request> {
  /** Apple's id of the operation (its `eventId`). */
  readonly operationId: string;
  /** Exactly what this operation covers. */
  readonly request: Request;
  readonly response: OperationResponse;
}

/**
 * Sends the chunks one by one. If one fails after others went through, throws
 * {@link BatchPartiallySubmittedError} listing both, so the caller re-sends only what Apple never saw.
 */
const submit = async <Request>(
  client: ClientInternals,
  path: string,
  chunks: ReadonlyArray<Request>,
  options: CallOptions | undefined,
): Promise<ReadonlyArray<SubmittedOperation<Request>>> => {
  const submitted: SubmittedOperation<Request>[] = [];
  for (const [index, request] of chunks.entries()) {
    try {
      const response = await call(client.ctx, {
        method: "POST",
        path,
        body: request,
        codec: OperationResponse,
        authenticated: true,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      submitted.push({ operationId: response.eventId, request, response });
    } catch (error) {
      if (submitted.length === 0 || !isAppleApiError(error)) throw error;
      throw new BatchPartiallySubmittedError(submitted, chunks.slice(index), error as AppleApiError);
    }
  }
  return submitted;
};

const manageAssets = async (
  client: ClientInternals,
  path: "assets/associate" | "assets/disassociate",
  request: ManageAssetsRequest,
  options?: CallOptions,
): Promise<ReadonlyArray<SubmittedOperation<ManageAssetsRequest>>> => {
  const body = validateRequest(ManageAssetsRequest, request, `POST ${path}`);
  const { limits } = await client.serviceConfig.get(options?.signal);
  return submit(client, path, chunkManageAssets(body, limits), options);
};

/**
 * Assigns every listed asset to every listed user and device (POST assets/associate), chunked by Apple's
 * limits. Asynchronous: install only after the operation succeeds (notification or {@link StatusResponse}).
 * Nothing is sent when there are no assets or no targets.
 */
export const associateAssets = (
  client: ClientInternals,
  request: ManageAssetsRequest,
  options?: CallOptions,
) => manageAssets(client, "assets/associate", request, options);

/** Unassigns (POST assets/disassociate), chunked like {@link associateAssets}. */
export const disassociateAssets = (
  client: ClientInternals,
  request: ManageAssetsRequest,
  options?: CallOptions,
) => manageAssets(client, "assets/disassociate", request, options);

/** Removes every revocable asset from the listed users and devices (POST assets/revoke), chunked. */
export const revokeAssets = async (
  client: ClientInternals,
  request: RevokeAssetsRequest,
  options?: CallOptions,
): Promise<ReadonlyArray<SubmittedOperation<RevokeAssetsRequest>>> => {
  const body = validateRequest(RevokeAssetsRequest, request, "POST assets/revoke");
  const { limits } = await client.serviceConfig.get(options?.signal);
  return submit(client, "assets/revoke", chunkRevoke(body, limits), options);
};

const manageUsers = async <U extends { readonly clientUserId: string }>(
  client: ClientInternals,
  path: "users/create" | "users/update" | "users/retire",
  users: ReadonlyArray<U>,
  options?: CallOptions,
): Promise<ReadonlyArray<SubmittedOperation<{ readonly users: ReadonlyArray<U> }>>> => {
  const codec = path === "users/retire" ? RetireUsersRequest : ManageUsersRequest;
  validateRequest(codec, { users }, `POST ${path}`);
  const { limits } = await client.serviceConfig.get(options?.signal);
  return submit(
    client,
    path,
    chunkUsers(users, limits.maxUsers).map((chunk) => ({ users: chunk })),
    options,
  );
};

/** Creates users (POST users/create), chunked by `maxUsers`. A `managedAppleId` associates them at once. */
export const createUsers = (
  client: ClientInternals,
  users: ReadonlyArray<RequestUser>,
  options?: CallOptions,
) => manageUsers(client, "users/create", users, options);

/** Updates users' email or Managed Apple ID (POST users/update), chunked by `maxUsers`. */
export const updateUsers = (
  client: ClientInternals,
  users: ReadonlyArray<RequestUser>,
  options?: CallOptions,
) => manageUsers(client, "users/update", users, options);

/** Retires users (POST users/retire), chunked by `maxUsers`. */
export const retireUsers = (
  client: ClientInternals,
  clientUserIds: ReadonlyArray<string>,
  options?: CallOptions,
) =>
  manageUsers(
    client,
    "users/retire",
    clientUserIds.map((clientUserId) => ({ clientUserId })),
    options,
  );

/** GET status?eventId=: the state of one Apple operation (9708 → `invalid-request` when unknown). */
export const operationStatus = (
  client: ClientInternals,
  operationId: string,
  options?: CallOptions,
): Promise<StatusResponse> =>
  call(client.ctx, {
    method: "GET",
    path: "status",
    // Apple's query parameter names the operation `eventId`.
    query: { eventId: operationId },
    codec: StatusResponse,
    authenticated: true,
    ...(options?.signal ? { signal: options.signal } : {}),
  });
