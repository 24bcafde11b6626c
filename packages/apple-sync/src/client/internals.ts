import type { TokenVault } from "../vault/port.js";
import { type Clock, systemClock } from "./clock.js";
import type { MdmInfo } from "./codecs/common.js";
import { ServiceConfigResponse } from "./codecs/service-config.js";
import type { MdmConflictError } from "./errors.js";
import type { CallerContext } from "./http/call-spec.js";
import { call } from "./http/caller.js";
import { RateLimiterRegistry, type RequestBudget } from "./http/rate-limiter.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry-policy.js";
import { TokenSource } from "./http/token-source.js";
import type { ClientObserver } from "./observer.js";
import { OwnershipGuard } from "./ownership.js";
import { SERVICE_CONFIG_TTL_MS, ServiceConfigCache } from "./service-config-cache.js";

/** Apple's production base URL of the App and Book Management API v2. */
export const APPLE_VPP_BASE_URL = "https://vpp.itunes.apple.com/mdm/v2";

/** Options of {@link AppleClient}. Only `vault` and `accountId` are required. */
export interface AppleClientOptions {
  /** Where the account's sToken is read from, per call (cached `tokenCacheTtlMs`). */
  readonly vault: TokenVault;
  readonly accountId: string;
  /** Default {@link APPLE_VPP_BASE_URL}; point it at a simulator in tests. */
  readonly baseUrl?: string;
  /** Default the global `fetch` (Node 20). */
  readonly fetch?: typeof fetch;
  /** Default the wall clock and real timers. */
  readonly clock?: Clock;
  /** Jitter source in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
  readonly retry?: Partial<RetryPolicy>;
  /** Overall time allowed for one call, retries and waits included (default 120 000 ms). */
  readonly deadlineMs?: number;
  /** Time allowed for one HTTP attempt (default 30 000 ms). */
  readonly attemptTimeoutMs?: number;
  /** Pages fetched at once during a walk (default and maximum 5, Apple's limit). */
  readonly maxPagesInFlight?: number;
  /**
   * Pages a paged read may read beyond twice the page count it began with before failing `walk-unstable`
   * (default 10): Apple's data may change during a read, and the read goes on, within this bound.
   */
  readonly walkGrowthAllowance?: number;
  /** How long the service config is reused (default and minimum advised by Apple: 5 minutes). */
  readonly serviceConfigTtlMs?: number;
  /** How long a token read from the vault is reused before re-reading it (default 60 000 ms). */
  readonly tokenCacheTtlMs?: number;
  /**
   * Apple's request budget per token. Share one registry between clients of one process that may use the
   * same token; pass a database-backed one (`PostgresAppleBudget`) when several processes share a token.
   * Default: one registry per client.
   */
  readonly rateLimiters?: RequestBudget;
  /** This server's identity on Apple locations (R6/R8): any response naming another MDM stops the client. */
  readonly mdmInfo?: MdmInfo;
  /** Called once when another MDM is first seen holding the location. */
  readonly onMdmConflict?: (conflict: MdmConflictError) => void;
  /** Receives request, retry and walk observations for logs and metrics (never the token). */
  readonly observer?: ClientObserver;
}

/** The assembled parts one client shares between its endpoints. */
export interface ClientInternals {
  readonly ctx: CallerContext;
  readonly serviceConfig: ServiceConfigCache;
  readonly ownership: OwnershipGuard;
  readonly clock: Clock;
  readonly maxPagesInFlight: number;
  readonly walkGrowthAllowance: number;
  readonly observer: ClientObserver | undefined;
}

/** A failing observer (a logger that throws) must never fail the Apple call it was told about. */
const safeObserver = (observer: ClientObserver | undefined): ClientObserver | undefined =>
  observer &&
  ((observation) => {
    try {
      observer(observation);
    } catch {
      // Observation is best effort by design.
    }
  });

/** Wires the options into the caller context, the service-config cache and the ownership guard. */
export const assembleClient = (options: AppleClientOptions): ClientInternals => {
  const clock = options.clock ?? systemClock;
  const observer = safeObserver(options.observer);
  const ownership = new OwnershipGuard(options.mdmInfo, options.onMdmConflict, observer);
  let serviceConfig: ServiceConfigCache | undefined;
  const ctx: CallerContext = {
    baseUrl: options.baseUrl ?? APPLE_VPP_BASE_URL,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    random: options.random ?? Math.random,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    deadlineMs: options.deadlineMs ?? 120_000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 30_000,
    tokens: new TokenSource(options.vault, options.accountId, clock, options.tokenCacheTtlMs ?? 60_000),
    rateLimiters: options.rateLimiters ?? new RateLimiterRegistry(clock),
    maxRequestsPerSecond: async (signal, deadlineAt) =>
      (await serviceConfig!.get(signal, deadlineAt)).limits.maxRequestPerSecond,
    ownership,
    observer,
  };
  serviceConfig = new ServiceConfigCache(
    (deadlineAt) =>
      call(ctx, {
        method: "GET",
        path: "service/config",
        codec: ServiceConfigResponse,
        authenticated: false,
        bypassOwnership: true,
        ...(deadlineAt === undefined ? {} : { deadlineAt }),
      }),
    clock,
    options.serviceConfigTtlMs ?? SERVICE_CONFIG_TTL_MS,
  );
  return {
    ctx,
    serviceConfig,
    ownership,
    clock,
    maxPagesInFlight: Math.max(1, Math.min(5, options.maxPagesInFlight ?? 5)),
    walkGrowthAllowance: Math.max(0, options.walkGrowthAllowance ?? 10),
    observer,
  };
};
