import { resolveLimits, type ServiceLimits } from "./limits.js";
import { type RealismOptions, type ResolvedRealism, resolveRealism } from "./realism/options.js";

/** When accepted async operations (associate, users/create, ...) run; Apple calls them events. */
export type OperationCompletion = "immediate" | "manual" | { readonly afterMs: number };

/** Options of {@link startAppleSimulator}; every field is optional. */
export interface AppleSimulatorOptions {
  /** Records per page for assets, assignments and users (default 200). */
  readonly pageSize?: number;
  /** Requests per second allowed per sToken before HTTP 429 / 9646 (default 15; reported in `limits`). */
  readonly maxRequestPerSecond?: number;
  /** Overrides of the `limits` object of `GET service/config` (maxAssets, maxClientUserIds, ...). */
  readonly limits?: Partial<Record<string, number>>;
  /** When async operations complete (default "immediate": right after the response is sent). */
  readonly operationCompletion?: OperationCompletion;
  /** Clock used for token expiry checks (default: the real clock). */
  readonly now?: () => Date;
  /** The `invitationEmail` URL template; must contain `%25inviteCode%25` (default: Apple's). */
  readonly invitationBaseUrl?: string;
  /** HTTP status for an unknown bearer token (9622): Apple documents 401, and has been seen to send 200. */
  readonly invalidTokenHttpStatus?: 401 | 200;
  /** Delay before each API response, in ms, so clients' concurrency can be observed (default 0). */
  readonly latencyMs?: number;
  /** Waits between the up-to-3 delivery attempts of a notification (default [50, 200]). */
  readonly notificationRetryDelaysMs?: readonly number[];
  /** How long one notification delivery attempt may take, in ms (default 5000). */
  readonly notificationTimeoutMs?: number;
  /** Port to listen on, 127.0.0.1 only (default 0: an ephemeral port). */
  readonly port?: number;
  /**
   * "instant" (default: operations complete at once, notifications arrive once, nothing churns), "realistic"
   * (operations pending 5–60 s, late, duplicate and lost notifications, async 9603/9644/9709, paging churn), or
   * single settings over a preset. An explicit `operationCompletion` or `notificationRetryDelaysMs` wins.
   */
  readonly realism?: "instant" | "realistic" | RealismOptions;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly pageSize: number;
  readonly limits: ServiceLimits;
  /** "realistic": each operation waits a random time from `realism.operationPendingMs`. */
  readonly operationCompletion: OperationCompletion | "realistic";
  readonly now: () => Date;
  readonly invitationUrlTemplate: string;
  readonly invalidTokenHttpStatus: 401 | 200;
  readonly latencyMs: number;
  readonly notificationRetryDelaysMs: readonly number[];
  readonly notificationTimeoutMs: number;
  readonly port: number;
  readonly realism: ResolvedRealism;
}

/** Apple's invitation link, with the placeholder the MDM substitutes. */
export const APPLE_INVITATION_URL =
  "https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8";

/** Thrown by `resolveOptions` for options that cannot work; `code` is stable. */
export class SimulatorOptionsError extends Error {
  /** Stable code for programmatic handling. */
  readonly code = "SIMULATOR_INVALID_OPTION";
  override readonly name = "SimulatorOptionsError";
}

const positiveInt = (name: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 1) {
    throw new SimulatorOptionsError(`${name} must be a positive integer, got ${String(value)}.`);
  }
  return resolved;
};

/** Fills defaults and rejects impossible values with a message that says which option to fix. */
export const resolveOptions = (options: AppleSimulatorOptions = {}): ResolvedOptions => {
  const invitationUrlTemplate = options.invitationBaseUrl ?? APPLE_INVITATION_URL;
  if (!invitationUrlTemplate.includes("%25inviteCode%25")) {
    throw new SimulatorOptionsError("invitationBaseUrl must contain the placeholder %25inviteCode%25.");
  }
  const completion = options.operationCompletion ?? "immediate";
  if (typeof completion === "object" && !(completion.afterMs >= 0)) {
    throw new SimulatorOptionsError("operationCompletion.afterMs must be a number >= 0.");
  }
  const realism = resolveRealism(options.realism);
  const limits = resolveLimits(options.limits, options.maxRequestPerSecond);
  positiveInt("maxRequestPerSecond", limits.maxRequestPerSecond, 15);
  return {
    pageSize: positiveInt("pageSize", options.pageSize, 200),
    limits,
    operationCompletion:
      options.operationCompletion ?? (realism.operationPendingMs === undefined ? completion : "realistic"),
    now: options.now ?? (() => new Date()),
    invitationUrlTemplate,
    invalidTokenHttpStatus: options.invalidTokenHttpStatus ?? 401,
    latencyMs: options.latencyMs ?? 0,
    notificationRetryDelaysMs: options.notificationRetryDelaysMs ??
      realism.notificationRetryDelaysMs ?? [50, 200],
    notificationTimeoutMs: options.notificationTimeoutMs ?? 5000,
    port: options.port ?? 0,
    realism,
  };
};
