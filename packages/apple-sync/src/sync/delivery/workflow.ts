import type { LedgerEvent, Workflow } from "@vpp-ledger/core";
import type { AppleWork } from "./work.js";

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

const work = (event: LedgerEvent, operation: AppleWork["operation"], userId: string, adamId?: string) => [
  {
    operation,
    tenantId: event.tenantId,
    userId,
    ...(adamId === undefined ? {} : { adamId }),
    eventId: event.place.eventId,
    position: event.place.globalPosition,
  } satisfies AppleWork,
];

/**
 * Outbound delivery as a pure workflow: which Apple work each ledger event asks for. `UserInvited` → create the
 * user (R15); `UserRetired` → retire the user; `LicenseAssigned` → associate (R12), unless the user was
 * retired; `LicenseReclaimed` after an uninstall, a retirement or a move to a device → disassociate (R14, R21). A reclaim that Apple
 * caused (a refusal, a revocation) asks nothing of Apple.
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
    if (event.aggregate === "VppAccount") {
      const { event: inner } = event;
      if (inner.type === "UserInvited") return work(event, "create-user", inner.data.userId);
      if (inner.type === "UserRetired") return work(event, "retire-user", inner.data.userId);
      return [];
    }
    const { event: inner, adamId, tenantId } = event;
    if (inner.type === "LicenseAssigned") {
      const { userId } = inner.data;
      return isRetired(state, tenantId, userId) ? [] : work(event, "associate", userId, adamId);
    }
    if (inner.type === "LicenseReclaimed") {
      const { reason, userId } = inner.data;
      // A reclaim Apple caused (a refusal, a revocation) already holds at Apple.
      return reason === "apple-refused" || reason === "apple-revoked"
        ? []
        : work(event, "disassociate", userId, adamId);
    }
    return [];
  },
};
