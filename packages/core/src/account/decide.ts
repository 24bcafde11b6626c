import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import { toMillis } from "../shared/time.js";
import type { VppAccountCommand } from "./commands.js";
import { decideDevicesAndHealth } from "./decide-devices.js";
import type { VppAccountEvent } from "./events.js";
import { ERASED } from "./evolve.js";
import { canTalkToApple, defaultVppAccountPolicy, isSyncRunning, type VppAccountPolicy } from "./policy.js";
import type { VppAccountState } from "./state.js";
import { parseVppToken } from "./token.js";

type Decision = E.Either<DomainError, ReadonlyArray<VppAccountEvent>>;
type Data<T extends VppAccountCommand["type"]> = Extract<VppAccountCommand, { type: T }>["data"];

const none: Decision = E.right([]);
const emit = (...events: VppAccountEvent[]): Decision => E.right(events);

const uploadToken = (command: Data<"UploadToken">, state: VppAccountState): Decision => {
  const parsed = parseVppToken(command.token);
  if (E.isLeft(parsed)) return parsed;
  const token = parsed.right;
  if (toMillis(command.at) >= toMillis(token.expiresAt)) {
    return E.left(
      domainError(
        "token-expired",
        `this VPP token expired at ${token.expiresAt}; download a new one from Apple and upload it`,
        {
          expiresAt: token.expiresAt,
        },
      ),
    );
  }
  const facts = {
    orgName: token.orgName,
    tokenName: command.tokenName,
    appleId: command.appleId,
    fingerprint: token.fingerprint,
    expiresAt: token.expiresAt,
    at: command.at,
  };
  const { link } = state;
  if (!link) {
    if (!command.acknowledgedSingleAccount) {
      return E.left(
        domainError(
          "acknowledgement-required",
          "linking a VPP account is permanent: the admin must acknowledge that this tenant can never switch to another Apple location",
        ),
      );
    }
    return emit({ type: "TokenUploaded", data: facts });
  }
  if (link.orgName !== token.orgName) {
    return E.left(
      domainError(
        "account-already-linked",
        `this tenant is linked to the Apple location "${link.orgName}" and can never link another; upload a token of that location`,
        { linkedOrgName: link.orgName },
      ),
    );
  }
  const unchanged =
    link.fingerprint === token.fingerprint &&
    link.tokenName === command.tokenName &&
    link.appleId === command.appleId;
  return unchanged ? none : emit({ type: "TokenRenewed", data: facts });
};

const requestSync = (
  command: Data<"RequestSync">,
  state: VppAccountState,
  policy: VppAccountPolicy,
): Decision => {
  const allowed = canTalkToApple(state, command.at);
  if (E.isLeft(allowed)) return allowed;
  const running = state.sync.running;
  if (running?.syncId === command.syncId) return none;
  if (running && isSyncRunning(state, command.at, policy)) {
    return E.left(
      domainError(
        "sync-in-progress",
        `a sync (${running.syncId}) is already running for this account; wait for it to finish`,
        {
          runningSyncId: running.syncId,
        },
      ),
    );
  }
  const started: VppAccountEvent = { type: "SyncStarted", data: { ...command } };
  if (!running) return emit(started);
  const abandoned: VppAccountEvent = {
    type: "SyncFailed",
    data: {
      syncId: running.syncId,
      error: { code: "sync-abandoned", message: `no result within ${policy.syncLeaseMinutes} minutes` },
      at: command.at,
    },
  };
  return emit(abandoned, started);
};

const endSync = (syncId: string, state: VppAccountState): E.Either<DomainError, void> =>
  state.sync.running?.syncId === syncId
    ? E.right(undefined)
    : E.left(
        domainError("sync-not-running", `sync ${syncId} is not the running sync of this account`, { syncId }),
      );

const requireLinked = (state: VppAccountState): E.Either<DomainError, void> =>
  state.link
    ? E.right(undefined)
    : E.left(domainError("account-not-linked", "no VPP token has been uploaded for this tenant yet"));

/** Decides a VppAccount command under a policy; see {@link VppAccount} for the defaults. */
export const decideAccount =
  (policy: VppAccountPolicy = defaultVppAccountPolicy) =>
  (command: VppAccountCommand, state: VppAccountState): Decision => {
    switch (command.type) {
      case "UploadToken":
        return uploadToken(command.data, state);
      case "RequestSync":
        return requestSync(command.data, state, policy);
      case "CompleteSync":
        return E.flatMap(endSync(command.data.syncId, state), () =>
          emit({ type: "SyncSucceeded", data: command.data }),
        );
      case "FailSync":
        return E.flatMap(endSync(command.data.syncId, state), () =>
          emit({ type: "SyncFailed", data: command.data }),
        );
      case "RecordTokenRevoked":
        return E.flatMap(requireLinked(state), () =>
          state.link?.revokedAt
            ? none
            : emit({
                type: "TokenRevoked",
                data: { fingerprint: state.link?.fingerprint ?? "", at: command.data.at },
              }),
        );
      case "RecordLocationClaimed":
        return E.flatMap(requireLinked(state), () =>
          state.claimedBy?.mdmId === command.data.mdmId
            ? none
            : emit({ type: "LocationClaimedByOtherMdm", data: command.data }),
        );
      case "RestoreOwnership":
        return state.claimedBy ? emit({ type: "OwnershipRestored", data: command.data }) : none;
      case "InviteUser": {
        const status = state.users.get(command.data.userId);
        return E.flatMap(requireLinked(state), () =>
          status === "invited" || status === "accepted"
            ? none
            : emit({ type: "UserInvited", data: command.data }),
        );
      }
      case "AcceptTerms": {
        const status = state.users.get(command.data.userId);
        if (status === "accepted") return none;
        if (status !== "invited") {
          return E.left(
            domainError(
              "user-not-invited",
              `user ${command.data.userId} has no pending VPP invitation; invite the user first`,
              {
                userId: command.data.userId,
              },
            ),
          );
        }
        return emit({ type: "TermsAccepted", data: command.data });
      }
      case "EraseAppleId":
        return E.flatMap(requireLinked(state), () =>
          state.link?.appleId === ERASED ? none : emit({ type: "AppleIdErased", data: command.data }),
        );
      case "RegisterDevice":
      case "RetireDevice":
      case "RevokeLocationLicenses":
      case "CheckTokenHealth":
        return decideDevicesAndHealth(command, state);
      case "RetireUser": {
        const status = state.users.get(command.data.userId);
        return status === undefined || status === "retired"
          ? none
          : emit({ type: "UserRetired", data: command.data });
      }
    }
  };
