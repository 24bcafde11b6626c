import type { LedgerEvent, Workflow } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { AppleWork, Holder } from "./work.js";

/**
 * What the delivery workflow remembers of the log: the users retired per tenant (an assignment to a retired
 * user is never associated: the retirement itself freed the user's licenses at Apple).
 */
export interface DeliveryState {
  readonly retired: ReadonlyMap<string, ReadonlySet<string>>;
}

const isRetired = (state: DeliveryState, tenantId: string, userId: string): boolean =>
  state.retired.get(tenantId)?.has(userId) ?? false;

const withRetired = (
  state: DeliveryState,
  tenantId: string,
  userId: string,
  retired: boolean,
): DeliveryState => {
  if (isRetired(state, tenantId, userId) === retired) return state;
  const users = new Set(state.retired.get(tenantId));
  if (retired) users.add(userId);
  else users.delete(userId);
  const next = new Map(state.retired);
  next.set(tenantId, users);
  return { retired: next };
};

type Operation = AppleWork["operation"];

const work = (event: LedgerEvent, operation: Operation, holder: Holder, adamId?: string): AppleWork => ({
  operation,
  tenantId: event.tenantId,
  ...holder,
  ...(adamId === undefined ? {} : { adamId }),
  eventId: event.place.eventId,
  position: event.place.globalPosition,
});

/** A reclaim Apple caused (a refusal, a revocation) already holds at Apple: nothing to send. */
const appleCaused = (reason: string): boolean => reason === "apple-refused" || reason === "apple-revoked";

/** The Apple work of a License event (users and devices). */
const licenseWork = (
  event: LedgerEvent & { readonly aggregate: "License" },
  state: DeliveryState,
): AppleWork[] => {
  const { event: inner, adamId, tenantId } = event;
  switch (inner.type) {
    case "LicenseAssigned": {
      const { userId } = inner.data;
      return isRetired(state, tenantId, userId) ? [] : [work(event, "associate", { userId }, adamId)];
    }
    case "LicenseReclaimed":
      return appleCaused(inner.data.reason)
        ? []
        : [work(event, "disassociate", { userId: inner.data.userId }, adamId)];
    case "DeviceLicenseAssigned":
      return [work(event, "associate", { serialNumber: inner.data.serialNumber }, adamId)];
    case "DeviceLicenseImported":
      // The sync recorded an association Apple already holds (R9): associating it again would be a second call
      // for nothing, and on a full asset a refusal that reclaims a license Apple does hold.
      return [];
    case "DeviceLicenseReclaimed": {
      const { reason, serialNumber } = inner.data;
      return appleCaused(reason) ? [] : [work(event, "disassociate", { serialNumber }, adamId)];
    }
    case "LicenseMovedToDevice":
      return [
        work(event, "disassociate", { userId: inner.data.userId }, adamId),
        work(event, "associate", { serialNumber: inner.data.serialNumber }, adamId),
      ];
    case "LicensesRevoked": {
      // A location-wide revocation (one event per pool) revokes the holder at Apple, every app at once; the
      // lane keeps one revoke per holder however many pools list it. An app's revocation frees that app only.
      const location = inner.data.scope === "location";
      const operation = location ? "revoke" : "disassociate";
      const app = location ? undefined : adamId;
      return [
        ...inner.data.userIds.map((userId) => work(event, operation, { userId }, app)),
        ...inner.data.serialNumbers.map((serialNumber) => work(event, operation, { serialNumber }, app)),
      ];
    }
    default:
      return [];
  }
};

/**
 * Outbound delivery as a pure workflow: which Apple work each ledger event asks for. `UserInvited` → create the
 * user (R15); `UserRetired` → retire the user; `LicenseAssigned` → associate (R12), unless the user was
 * retired; `LicenseReclaimed` → disassociate (R14); `DeviceLicenseAssigned` / `DeviceLicenseReclaimed` → the same
 * for the device (R20), while `DeviceLicenseImported` (a license Apple already holds, R9) asks nothing;
 * `LicenseMovedToDevice` → disassociate the user and associate the device (R21);
 * `LicensesRevoked` → disassociate every holder listed from the app (scope `app`), or revoke every holder
 * listed at the location (scope `location`, POST assets/revoke) (R22). A reclaim that Apple caused (a refusal, a
 * revocation) asks nothing of Apple.
 */
export const deliveryWorkflow: Workflow<DeliveryState, AppleWork> = {
  initialState: { retired: new Map() },

  evolve: (state, event) => {
    if (event.aggregate !== "VppAccount") return state;
    const { event: inner, tenantId } = event;
    if (inner.type === "UserRetired") return withRetired(state, tenantId, inner.data.userId, true);
    if (inner.type === "UserInvited") return withRetired(state, tenantId, inner.data.userId, false);
    return state;
  },

  decide: (event, state) => {
    if (event.aggregate === "License") return licenseWork(event, state);
    const { event: inner } = event;
    if (inner.type === "UserInvited") return [work(event, "create-user", { userId: inner.data.userId })];
    if (inner.type === "UserRetired") return [work(event, "retire-user", { userId: inner.data.userId })];
    return [];
  },
};

/** The workflow's state as JSON: per tenant, its retired users. */
const DeliveryStateJson = t.type({ retired: t.array(t.tuple([t.string, t.array(t.string)])) });

/** Snapshots of {@link DeliveryState} for core's `WorkflowSnapshots`: encoded as JSON, decoded through io-ts. */
export const deliveryStateCodec = {
  encode: (state: DeliveryState): unknown => ({
    retired: [...state.retired].map(([tenantId, users]) => [tenantId, [...users]]),
  }),
  /** Undefined for data of another shape: the log is folded instead. */
  decode: (data: unknown): DeliveryState | undefined => {
    const decoded = DeliveryStateJson.decode(data);
    if (E.isLeft(decoded)) return undefined;
    return { retired: new Map(decoded.right.retired.map(([tenantId, users]) => [tenantId, new Set(users)])) };
  },
};
