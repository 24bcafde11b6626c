import type { AppleErrorCode } from "./errors.js";

/**
 * What the client reports while it works, for logs and metrics (an observation, not a ledger event). Never carries the sToken: tokens appear only
 * as fingerprints (`sha256:…`).
 */
export type ClientObservation =
  | {
      readonly type: "request";
      readonly endpoint: string;
      readonly attempt: number;
      readonly tokenFingerprint?: string;
    }
  | {
      readonly type: "response";
      readonly endpoint: string;
      readonly attempt: number;
      readonly httpStatus: number;
      readonly errorNumber?: number;
      readonly durationMs: number;
    }
  | {
      readonly type: "retry";
      readonly endpoint: string;
      readonly attempt: number;
      readonly code: AppleErrorCode;
      readonly delayMs: number;
    }
  | { readonly type: "token-reloaded"; readonly endpoint: string; readonly tokenFingerprint: string }
  | {
      /** Apple's Retry-After outlasts the call's deadline: the call ended with Apple's error instead of waiting. */
      readonly type: "retry-deferred";
      readonly endpoint: string;
      readonly retryAfterMs: number;
      readonly leftMs: number;
    }
  | {
      /** Apple's data changed during a paged read; the walk went on (Apple's guidance). Once per walk. */
      readonly type: "walk-churned";
      readonly endpoint: string;
      readonly pageIndex: number;
      readonly reason: string;
    }
  | { readonly type: "mdm-conflict"; readonly endpoint: string; readonly holderId: string };

/** Receives {@link ClientObservation}s. Must not throw; it is called synchronously on the request path. */
export type ClientObserver = (observation: ClientObservation) => void;
