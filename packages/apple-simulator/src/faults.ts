/**
 * Injected faults: the failures Apple's service is known to produce, on demand. A fault matches a request by
 * API path (or any path), fires `times` times, then is gone. Faults are checked before authentication, so they
 * also hit requests a client sends with a bad token.
 */
import { type AppleErrorNumber, type ErrorResponse, errorResponse } from "./errors.js";

/** The kinds of fault a test can inject. */
export type FaultKind =
  | "rate-limit"
  | "unavailable"
  | "server-error"
  | "malformed-json"
  | "missing-field"
  | "http-200-error";

/** What `injectFault` takes. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** API path such as `assets` or `assets/associate`; default: any path. */
  readonly path?: string;
  /** How many matching requests it hits (default 1). */
  readonly times?: number;
  /** Adds `Retry-After` (seconds); "unavailable" sends 1 when not given, as Apple always sends one on 503. */
  readonly retryAfterSeconds?: number;
  /** For "missing-field": the top-level response field to drop (default: the endpoint's main field). */
  readonly field?: string;
  /** For "http-200-error": the errorNumber in the 200 body (default 9603). */
  readonly errorNumber?: AppleErrorNumber;
  /**
   * For the kinds that answer an error body ("rate-limit", "unavailable", "server-error", "http-200-error"):
   * the `errorMessage` to send instead of Apple's wording, e.g. to see what a client does with text it did not
   * expect (an echoed token, a megabyte, control characters).
   */
  readonly errorMessage?: string;
}

/** A fault that fires instead of the handler. */
export interface ShortCircuit {
  readonly status: number;
  readonly body: object;
  readonly headers: Readonly<Record<string, string>>;
}

/** How a fault changes a request: answered instead, or the handler's answer damaged. */
export type FaultEffect =
  | { readonly stage: "instead"; readonly reply: ShortCircuit }
  | { readonly stage: "after"; readonly kind: "malformed-json" | "missing-field"; readonly field?: string };

interface ArmedFault {
  readonly spec: FaultSpec;
  remaining: number;
}

const normalise = (path: string): string => path.replace(/^\/+|\/+$/g, "");

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { "retry-after": String(seconds) };

const effectOf = (spec: FaultSpec): FaultEffect => {
  const body = (errorNumber: AppleErrorNumber): ErrorResponse => {
    const error = errorResponse(errorNumber);
    return spec.errorMessage === undefined ? error : { ...error, errorMessage: spec.errorMessage };
  };
  switch (spec.kind) {
    case "rate-limit":
      return {
        stage: "instead",
        reply: { status: 429, body: body(9646), headers: retryAfter(spec.retryAfterSeconds) },
      };
    case "unavailable":
      return {
        stage: "instead",
        reply: { status: 503, body: body(9729), headers: retryAfter(spec.retryAfterSeconds ?? 1) },
      };
    case "server-error":
      return {
        stage: "instead",
        reply: { status: 500, body: body(9603), headers: retryAfter(spec.retryAfterSeconds) },
      };
    case "http-200-error":
      return {
        stage: "instead",
        reply: { status: 200, body: body(spec.errorNumber ?? 9603), headers: {} },
      };
    case "malformed-json":
      return { stage: "after", kind: "malformed-json" };
    case "missing-field":
      return spec.field === undefined
        ? { stage: "after", kind: "missing-field" }
        : { stage: "after", kind: "missing-field", field: spec.field };
  }
};

/** Thrown by `injectFault` for a spec that cannot fire; `code` is stable. */
export class FaultSpecError extends Error {
  /** Stable code for programmatic handling. */
  readonly code = "SIM_INVALID_FAULT";
  override readonly name = "FaultSpecError";
}

const KINDS: readonly FaultKind[] = [
  "rate-limit",
  "unavailable",
  "server-error",
  "malformed-json",
  "missing-field",
  "http-200-error",
];

/** The armed faults, first armed first fired. */
export class FaultQueue {
  private readonly armed: ArmedFault[] = [];

  /** Arms a fault. */
  inject(spec: FaultSpec): void {
    if (!KINDS.includes(spec.kind))
      throw new FaultSpecError(`Unknown fault kind ${String(spec.kind)}; use one of ${KINDS.join(", ")}.`);
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new FaultSpecError(`times must be a positive integer, got ${times}.`);
    if (spec.errorMessage !== undefined && typeof spec.errorMessage !== "string")
      throw new FaultSpecError("errorMessage must be a string.");
    const path = spec.path === undefined ? undefined : normalise(spec.path);
    this.armed.push({ spec: path === undefined ? spec : { ...spec, path }, remaining: times });
  }

  /** Fires the first fault that matches `path`, if any. */
  take(path: string): FaultEffect | undefined {
    const target = normalise(path);
    const index = this.armed.findIndex(
      (fault) => fault.spec.path === undefined || fault.spec.path === target,
    );
    const fault = this.armed[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.armed.splice(index, 1);
    return effectOf(fault.spec);
  }

  /** How many firings are still armed. */
  remaining(): number {
    return this.armed.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Disarms everything. */
  clear(): void {
    this.armed.length = 0;
  }
}
