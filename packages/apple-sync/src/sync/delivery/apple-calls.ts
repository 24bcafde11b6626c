import type { Failure, LicenseState } from "@vpp-ledger/core";
import type { AppleClient } from "../../client/apple-client.js";
import {
  adviceFor,
  classifyAppleFailure,
  classifyDeliveryFailure,
  type DeliveryFailureClass,
} from "../../client/classify.js";
import { isAppleApiError } from "../../client/errors.js";
import { refusalReason } from "../compensation.js";
import { isAccountLevel } from "../outbound/action-context.js";
import { type AppleWork, classifiedAs, type WorkOperation } from "./work.js";

const WHAT: Readonly<Record<WorkOperation, string>> = {
  associate: "assign the license",
  disassociate: "free the license",
  "create-user": "create the user",
  "retire-user": "retire the user",
  revoke: "revoke the licenses at the location",
};

/** An asynchronous failure in the ledger's words, built from Apple's number alone. */
export const operationFailure = (operation: WorkOperation, errorNumber: number | undefined): Failure => {
  if (operation === "associate" && errorNumber !== undefined) return refusalReason({ errorNumber });
  // `apple-event-failed` predates the word "operation"; it is kept because ledger events already store it.
  if (errorNumber === undefined)
    return { code: "apple-event-failed", message: `Apple could not ${WHAT[operation]} and gave no reason` };
  const advice = adviceFor(classifyAppleFailure(400, errorNumber), errorNumber);
  return {
    code: `apple-${errorNumber}`,
    message: `Apple could not ${WHAT[operation]} (errorNumber ${errorNumber}): ${advice}`,
  };
};

/** The class of an error thrown by a manage call: one classification for sync and async forms of a code. */
export const classOfError = (operation: WorkOperation, error: unknown): DeliveryFailureClass => {
  if (!isAppleApiError(error) || error.retryable) return "transient";
  if (error.code === "malformed-response" || error.code === "batch-partially-submitted") return "transient";
  if (isAccountLevel(error)) return "account";
  return classifyDeliveryFailure(classifiedAs(operation), error.errorNumber, error.httpStatus);
};

/** Sends one manage request for works of one operation, app and kind of holder (a revoke: users and devices). */
export const submit = async (
  client: AppleClient,
  operation: WorkOperation,
  pool: { readonly adamId: string | undefined; readonly state: LicenseState | undefined },
  works: ReadonlyArray<AppleWork>,
): Promise<ReadonlyArray<{ readonly operationId: string }>> => {
  // Apple keys an asset by (adamId, pricingParam): name it when the pool knows it from a sync.
  const pricingParam = pool.state?.metadata.pricingParam ?? undefined;
  const asset = { adamId: pool.adamId ?? "", ...(pricingParam ? { pricingParam } : {}) };
  const users = works.flatMap((work) => (work.userId === undefined ? [] : [work.userId]));
  const serialNumbers = works.flatMap((work) => (work.serialNumber === undefined ? [] : [work.serialNumber]));
  const assets = {
    assets: [asset],
    ...(users.length > 0 ? { clientUserIds: users } : {}),
    ...(serialNumbers.length > 0 ? { serialNumbers } : {}),
  };
  if (operation === "revoke")
    return client.revokeAssets({
      ...(users.length > 0 ? { clientUserIds: users } : {}),
      ...(serialNumbers.length > 0 ? { serialNumbers } : {}),
    });
  if (operation === "associate") return client.associateAssets(assets);
  if (operation === "disassociate") return client.disassociateAssets(assets);
  if (operation === "create-user") return client.createUsers(users.map((clientUserId) => ({ clientUserId })));
  return client.retireUsers(users);
};
