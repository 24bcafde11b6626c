import type { Actor, CallContext, DeviceLicenseOutcome, HealthAlert, InstallOutcome } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { HostCallbacks } from "./host.js";
import type { DeliveryRun } from "./outbound.js";

/** Prints one line of the story. */
export const say = (line: string): void => console.log(line);

/** The school's IT admin. */
export const ADMIN = { kind: "admin", id: "admin-marie" } as const satisfies Actor;

let commandNo = 0;

/** A fresh command context (R18: who caused it); a real host derives the id from the request it serves. */
export const by = (actor: Actor = ADMIN): CallContext => ({ commandId: `demo-${++commandNo}`, actor });

/** The demo expects success here: a refusal is a bug in the story, so it stops with the refusal's code. */
export const must = <A>(outcome: E.Either<{ readonly code: string; readonly message: string }, A>): A => {
  if (E.isLeft(outcome)) throw new Error(`${outcome.left.code}: ${outcome.left.message}`);
  return outcome.right;
};

/** The code of a refusal, or a marker that shows the story went wrong. */
export const refusalCode = (outcome: E.Either<{ readonly code: string }, unknown>): string =>
  E.isLeft(outcome) ? outcome.left.code : "ACCEPTED (bug)";

/** An install outcome in one phrase. */
export const describeInstall = (outcome: InstallOutcome): string =>
  outcome.status === "failed" ? `failed (${outcome.reason.code}: ${outcome.reason.message})` : outcome.status;

/** A device license outcome in one phrase (R20: refusals carry the pool's code). */
export const describeDeviceLicense = (outcome: DeviceLicenseOutcome): string =>
  outcome.status === "refused"
    ? `refused (${outcome.reason.code}: ${outcome.reason.message})`
    : outcome.status;

/** How a delivery run reached Apple: batched requests, settled by notifications or, failing those, by polls. */
export const describeDelivery = (run: DeliveryRun): string =>
  `in ${run.requests} request${run.requests === 1 ? "" : "s"}, settled by ` +
  (run.statusPolls === 0 ? "Apple's notifications" : `${run.statusPolls} status polls`);

/** A health alert in one phrase (R23). */
export const describeAlert = (alert: HealthAlert, appNames: ReadonlyMap<string, string>): string =>
  alert.kind === "pool-usage"
    ? `${appNames.get(alert.adamId) ?? alert.adamId} use ${alert.level} (was ${alert.previous}): ` +
      `${alert.assigned} of ${alert.purchased} assigned, threshold ${alert.thresholdPercent}%`
    : `token ${alert.health} (was ${alert.previous}), expires ${alert.expiresAt}`;

/** The story's host callbacks, and the devices Apple confirmed so far. */
export interface StoryCallbacks {
  readonly callbacks: HostCallbacks;
  /** Serial numbers Apple confirmed a license of `adamId` for (told at least once each), sorted. */
  confirmedDevices(adamId: string): string[];
}

/**
 * The story's host callbacks: each prints its line; alerts and device confirmations come at least once, so
 * alerts print one line per recorded crossing and devices are counted once.
 */
export const storyCallbacks = (appNames: ReadonlyMap<string, string>): StoryCallbacks => {
  const alerted = new Set<string>();
  const devices = new Map<string, Set<string>>();
  return {
    callbacks: {
      onInvitation: ({ userId, url }) => say(`   invitation link for ${userId}: ${url}`),
      onAssociated: ({ userId, adamId }) =>
        say(
          `   Apple associated ${appNames.get(adamId)} with ${userId}: the MDM may send InstallApplication`,
        ),
      onDeviceAssociated: ({ adamId, serialNumber }) =>
        void devices.set(adamId, (devices.get(adamId) ?? new Set()).add(serialNumber)),
      onUndeliverable: ({ work, failure }) => say(`   undeliverable ${work.operation}: ${failure.code}`),
      onAlert: (alert) => {
        if (!alerted.has(alert.eventId)) say(`   health alert (R23): ${describeAlert(alert, appNames)}`);
        alerted.add(alert.eventId);
      },
    },
    confirmedDevices: (adamId) => [...(devices.get(adamId) ?? [])].sort(),
  };
};
