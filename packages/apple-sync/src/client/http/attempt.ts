import { Scrubber } from "../../untrusted/scrubber.js";
import { appleFailure } from "../classify.js";
import type { ResponseMdmInfo } from "../codecs/common.js";
import { decodeResponse } from "../codecs/decode.js";
import { AppleApiError, MalformedResponseError } from "../errors.js";
import { scrubResponse } from "../scrub-response.js";
import type { CallerContext, CallSpec } from "./call-spec.js";
import { deadlineExceeded } from "./deadline.js";
import { exchange, type HttpReply, TransportFailure } from "./exchange.js";
import { parseRetryAfter } from "./retry-policy.js";
import type { CurrentToken } from "./token-source.js";
import { buildUrl } from "./url.js";

/** The outcome of one HTTP attempt: a decoded value, or an error the caller may retry. */
export type Attempt<A> =
  | { readonly done: true; readonly value: A }
  | { readonly done: false; readonly error: AppleApiError };

const field = (body: unknown, name: string): unknown =>
  typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;

/** Apple's `errorNumber`, tolerated as a number or a numeric string. */
const errorNumberOf = (body: unknown): number | undefined => {
  const value = field(body, "errorNumber");
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
};

/** Apple's `errorMessage`, scrubbed and bounded: it may echo the bearer, and its length is Apple's choice. */
const errorMessageOf = (body: unknown, scrubber: Scrubber): string | undefined => {
  const value = field(body, "errorMessage");
  return typeof value === "string" ? scrubber.text(value) || undefined : undefined;
};

/** The innermost message of a fetch failure (`fetch failed` hides the useful `ECONNREFUSED …`). */
const describeCause = (cause: unknown): string => {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  return inner instanceof Error ? inner.message : String(inner);
};

/**
 * Sends one attempt and interprets the reply. Any `errorNumber` in the body is a failure whatever the HTTP
 * status (Apple answers an invalid token with HTTP 200). Only the caller's cancellation and a spent deadline
 * are thrown; every other failure is returned for the retry loop to judge.
 */
export const attemptOnce = async <A>(
  ctx: CallerContext,
  spec: CallSpec<A>,
  endpoint: string,
  attempt: number,
  deadline: number,
  token: CurrentToken | undefined,
): Promise<Attempt<A>> => {
  const remaining = deadline - ctx.clock.now();
  if (remaining <= 0)
    throw deadlineExceeded(endpoint, ctx.deadlineMs, attempt - 1, undefined, "before sending");
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token.sToken}`;
  if (spec.body !== undefined) headers["Content-Type"] = "application/json";
  ctx.observer?.({
    type: "request",
    endpoint,
    attempt,
    ...(token ? { tokenFingerprint: token.fingerprint } : {}),
  });
  const started = ctx.clock.now();
  const timeoutMs = Math.min(ctx.attemptTimeoutMs, remaining);
  let reply: HttpReply;
  try {
    reply = await exchange(
      ctx.fetch,
      {
        method: spec.method,
        url: buildUrl(ctx.baseUrl, spec.path, spec.query),
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
      },
      timeoutMs,
      spec.signal,
    );
  } catch (failure) {
    if (!(failure instanceof TransportFailure)) throw failure;
    if (failure.timedOut && ctx.clock.now() >= deadline) {
      throw deadlineExceeded(endpoint, ctx.deadlineMs, attempt, undefined, "waiting for a response");
    }
    const what = failure.timedOut
      ? `no response within ${timeoutMs} ms`
      : (token?.scrubber ?? Scrubber.none).text(describeCause(failure.cause));
    return {
      done: false,
      error: new AppleApiError(
        "transport",
        `${endpoint}: could not reach Apple at ${new URL(ctx.baseUrl).host} (${what}): check network access ` +
          "to the Apple endpoint",
        { endpoint, attempts: attempt },
      ),
    };
  }
  return interpret(ctx, spec, endpoint, attempt, token, reply, ctx.clock.now() - started);
};

const interpret = <A>(
  ctx: CallerContext,
  spec: CallSpec<A>,
  endpoint: string,
  attempt: number,
  token: CurrentToken | undefined,
  reply: HttpReply,
  durationMs: number,
): Attempt<A> => {
  const body = reply.json.ok ? reply.json.value : undefined;
  const errorNumber = errorNumberOf(body);
  ctx.observer?.({
    type: "response",
    endpoint,
    attempt,
    httpStatus: reply.status,
    ...(errorNumber === undefined ? {} : { errorNumber }),
    durationMs,
  });
  if (errorNumber !== undefined || reply.status >= 400) {
    const errorMessage = errorMessageOf(body, token?.scrubber ?? Scrubber.none);
    const retryAfterMs = parseRetryAfter(reply.retryAfter, ctx.clock.now());
    const error = appleFailure(reply.status, {
      endpoint,
      httpStatus: reply.status,
      attempts: attempt,
      ...(errorNumber === undefined ? {} : { errorNumber }),
      ...(errorMessage === undefined ? {} : { errorMessage }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    return { done: false, error };
  }
  const details = { endpoint, httpStatus: reply.status, attempts: attempt };
  // Returned, not thrown: the caller retries a malformed answer once (a proxy's garbage may not repeat).
  if (!reply.json.ok) return { done: false, error: new MalformedResponseError("(body)", "JSON", details) };
  let value: A;
  try {
    value = decodeResponse(spec.codec, body, details);
  } catch (error) {
    if (error instanceof MalformedResponseError) return { done: false, error };
    throw error;
  }
  const scrubber = token?.scrubber ?? Scrubber.none;
  if (!spec.bypassOwnership) {
    // Compared as Apple sent it; only what is handed on (the conflict, the response) is scrubbed.
    ctx.ownership.observe((value as { readonly mdmInfo?: ResponseMdmInfo }).mdmInfo, endpoint, scrubber);
  }
  return { done: true, value: scrubResponse(value, scrubber, spec.rawMdmInfo ?? false) };
};
