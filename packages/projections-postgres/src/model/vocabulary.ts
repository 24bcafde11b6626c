import type { Actor, DeploymentAction } from "@vpp-ledger/core";
import type { InstallState, UserTermsStatus } from "@vpp-ledger/projections";

/** Every install state (R17), for checking what a read-model row holds. */
export const INSTALL_STATES: ReadonlyArray<InstallState> = [
  "awaiting-terms",
  "pending",
  "installed",
  "failed",
  "uninstall-pending",
  "reclaimed",
];

/** Every deployment action. */
export const DEPLOYMENTS: ReadonlyArray<DeploymentAction> = ["required", "available", "uninstall"];

/** Every terms status a user can have once known (R15); unknown users are `not-invited`. */
export const KNOWN_TERMS: ReadonlyArray<Exclude<UserTermsStatus, "not-invited">> = [
  "invited",
  "accepted",
  "retired",
];

/** Every actor kind an event's metadata may name. */
export const ACTOR_KINDS: ReadonlyArray<Actor["kind"]> = [
  "admin",
  "device",
  "apple-sync",
  "schedule",
  "system",
];

/** Who can hold a license: a user or a device (R20). */
export const HOLDER_KINDS: ReadonlyArray<"user" | "device"> = ["user", "device"];

/** Both licensing modes of a deployment (R20). */
export const LICENSINGS: ReadonlyArray<"user" | "device"> = ["user", "device"];

/** Every pool use level (R23). */
export const USAGE_LEVELS: ReadonlyArray<"normal" | "threshold" | "exhausted"> = [
  "normal",
  "threshold",
  "exhausted",
];
