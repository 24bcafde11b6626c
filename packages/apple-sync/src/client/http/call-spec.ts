import type * as t from "io-ts";
import type { Clock } from "../clock.js";
import type { ClientObserver } from "../observer.js";
import type { OwnershipGuard } from "../ownership.js";
import type { RequestBudget } from "./rate-limiter.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { TokenSource } from "./token-source.js";
import type { QueryValue } from "./url.js";

// Its own module so the attempt, the deadline errors and the caller share these types without importing
// one another in a circle.

/** Everything the caller needs, shared by all calls of one client. */
export interface CallerContext {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  readonly deadlineMs: number;
  readonly attemptTimeoutMs: number;
  readonly tokens: TokenSource;
  readonly rateLimiters: RequestBudget;
  /** Apple's current `limits.maxRequestPerSecond` (may fetch the service config within `deadlineAt`). */
  readonly maxRequestsPerSecond: (signal: AbortSignal | undefined, deadlineAt: number) => Promise<number>;
  readonly ownership: OwnershipGuard;
  readonly observer: ClientObserver | undefined;
}

/** One logical call: retried, rate-limited, decoded and ownership-checked as a unit. */
export interface CallSpec<A> {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly codec: t.Decoder<unknown, A>;
  /** False only for GET service/config, the one endpoint Apple serves without a token. */
  readonly authenticated: boolean;
  readonly signal?: AbortSignal;
  /** Lets claim/inspect calls through a latched ownership conflict. */
  readonly bypassOwnership?: boolean;
  /**
   * Hands `mdmInfo` on as Apple sent it, for the claim and inspect calls that compare its id with this
   * server's; they scrub it before returning or throwing it. Every other response's `mdmInfo` is scrubbed.
   */
  readonly rawMdmInfo?: boolean;
  /** An absolute deadline inherited from an enclosing call (default: now + the client's `deadlineMs`). */
  readonly deadlineAt?: number;
}
