import { AppleApiError, type AppleErrorCode } from "../errors.js";
import { attemptOnce } from "./attempt.js";
import type { CallerContext, CallSpec } from "./call-spec.js";
import { deadlineExceeded, retryAfterBeyondDeadline } from "./deadline.js";
import type { ReleaseSlot } from "./rate-limiter.js";
import { RETRY_WITHIN_CALL, retryDelay } from "./retry-policy.js";

/** A malformed answer is retried this many times within a call (bounded: a broken API stays broken). */
const MALFORMED_RETRIES = 1;

const TOKEN_REJECTED: ReadonlySet<AppleErrorCode> = new Set([
  "unauthorized",
  "token-expired",
  "token-revoked",
]);

/**
 * Runs one call to Apple: waits for a rate-limit slot, sends, retries what may succeed later (Retry-After
 * honoured, backoff with jitter), re-reads a rejected token from the vault once in case it was renewed,
 * decodes the response and checks `mdmInfo`. Bounded by the policy's attempts and by the call's deadline; a
 * malformed answer is retried once. When Apple's `Retry-After` is longer than what is left of the deadline,
 * the call does not wait out its deadline for nothing: it ends at once with Apple's error, whose
 * `retryAfterMs` tells the caller when to try again (and the observer gets `retry-deferred`).
 *
 * Manage calls (POST) are retried too: Apple does no work for a request it answered with an error, and its
 * manage operations set state (assign X to Y), so a duplicate that did get through converges to the same
 * state at the cost of one extra Apple operation.
 */
export const call = async <A>(ctx: CallerContext, spec: CallSpec<A>): Promise<A> => {
  const endpoint = `${spec.method} ${spec.path}`;
  const deadline = spec.deadlineAt ?? ctx.clock.now() + ctx.deadlineMs;
  let reloadedToken = false;
  let malformed = 0;
  let lastError: AppleApiError | undefined;
  for (let attempt = 1; attempt <= ctx.retry.maxAttempts; attempt++) {
    if (!spec.bypassOwnership) ctx.ownership.assertUsable();
    const token = spec.authenticated ? await ctx.tokens.get() : undefined;
    let release: ReleaseSlot | undefined;
    if (token) {
      const limit = await ctx.maxRequestsPerSecond(spec.signal, deadline);
      release = await ctx.rateLimiters.forToken(token.fingerprint).acquire(limit, deadline, spec.signal);
      if (!release) {
        const when = "waiting for a rate-limit slot";
        throw deadlineExceeded(endpoint, ctx.deadlineMs, attempt - 1, lastError, when);
      }
    }
    const outcome = await attemptOnce(ctx, spec, endpoint, attempt, deadline, token).finally(release);
    if (outcome.done) return outcome.value;
    const error = outcome.error;
    lastError = error;
    if (TOKEN_REJECTED.has(error.code) && token && !reloadedToken) {
      reloadedToken = true;
      const fresh = await ctx.tokens.reload();
      if (fresh.fingerprint !== token.fingerprint) {
        ctx.observer?.({ type: "token-reloaded", endpoint, tokenFingerprint: fresh.fingerprint });
        continue;
      }
    }
    const malformedAgain = error.code === "malformed-response" && malformed++ >= MALFORMED_RETRIES;
    const retryable = RETRY_WITHIN_CALL.has(error.code) || error.code === "malformed-response";
    if (!retryable || malformedAgain || attempt === ctx.retry.maxAttempts) throw error;
    const delayMs = retryDelay(ctx.retry, error.code, attempt, error.retryAfterMs, ctx.random);
    const leftMs = deadline - ctx.clock.now();
    if (delayMs > leftMs) {
      // Apple's wait is never cut short; the call ends now with Apple's own (retryable) error, saying when.
      if (error.retryAfterMs !== undefined) throw retryAfterBeyondDeadline(ctx, error, leftMs);
      const when = `before retrying: the next wait (${Math.ceil(delayMs)} ms) would pass it`;
      throw deadlineExceeded(endpoint, ctx.deadlineMs, attempt, error, when);
    }
    ctx.observer?.({ type: "retry", endpoint, attempt, code: error.code, delayMs });
    await ctx.clock.sleep(delayMs, spec.signal);
  }
  throw lastError ?? new AppleApiError("transport", `${endpoint}: no attempt was made`, { endpoint });
};
