import { FaultQueue } from "./faults.js";
import { locationActions } from "./location-actions.js";
import { locationHandle } from "./location-handle.js";
import type { Location } from "./model/location.js";
import { OperationRegistry } from "./model/operations.js";
import { LocationRegistry } from "./model/registry.js";
import { Notifier } from "./notifications/notifier.js";
import type { ResolvedOptions } from "./options.js";
import { SlidingWindowRateLimiter } from "./rate-limit.js";
import { type FailureDraw, failureDraw } from "./realism/async-failures.js";
import { ManualClock, ScaledClock, type SimClock } from "./realism/clock.js";
import { SeededRandom } from "./realism/random.js";
import type { RequestHook } from "./request-hooks.js";
import { RequestLog } from "./request-log.js";
import type { SimLocation } from "./sim-location.js";

/** Everything the request handlers share: one per running simulator. */
export class SimulatorContext {
  readonly notifier: Notifier;
  readonly locations: LocationRegistry;
  readonly operations: OperationRegistry;
  readonly log = new RequestLog();
  readonly faults = new FaultQueue();
  readonly rateLimiter: SlidingWindowRateLimiter;
  /** Simulated time: delays of the realistic mode (and `operationCompletion.afterMs`) run on it. */
  readonly clock: SimClock;
  /** The one seeded random source of the realistic mode, so a run is reproducible. */
  readonly random: SeededRandom;
  /** Which async items fail, and with what (never in the instant mode). */
  readonly drawFailure: FailureDraw;
  /** Status for unknown tokens; a test may switch it while running. */
  invalidTokenHttpStatus: 401 | 200;
  /** Delay before each API response; a test may change it while running. */
  latencyMs: number;
  /** Set once the server listens. */
  baseUrl = "";
  /** Aborted on close, so requests waiting on simulated latency stop at once. */
  readonly shutdown = new AbortController();
  /** Hooks run before each endpoint answers. */
  readonly requestHooks = new Set<RequestHook>();
  private readonly handles = new Map<Location, SimLocation>();

  constructor(readonly options: ResolvedOptions) {
    const { realism } = options;
    this.clock = realism.clock === "manual" ? new ManualClock() : new ScaledClock(realism.timeScale);
    this.random = new SeededRandom(realism.seed);
    this.drawFailure = failureDraw(this.random, realism.asyncFailureRates);
    this.notifier = new Notifier(
      {
        retryDelaysMs: options.notificationRetryDelaysMs,
        timeoutMs: options.notificationTimeoutMs,
        delayMs: realism.notificationDelayMs,
        duplicateRate: realism.notificationDuplicateRate,
        dropRate: realism.notificationDropRate,
      },
      this.clock,
      this.random,
    );
    this.locations = new LocationRegistry(this.notifier.send);
    const pending = realism.operationPendingMs;
    this.operations = new OperationRegistry(options.operationCompletion, this.clock, () =>
      pending === undefined ? 0 : this.random.between(pending),
    );
    this.rateLimiter = new SlidingWindowRateLimiter(() => options.limits.maxRequestPerSecond);
    this.invalidTokenHttpStatus = options.invalidTokenHttpStatus;
    this.latencyMs = options.latencyMs;
  }

  /** The one public handle of a location. */
  handle(location: Location): SimLocation {
    let handle = this.handles.get(location);
    if (handle === undefined) {
      const actions = locationActions(location, {
        renew: (previous, expiresAt, revokePrevious) =>
          this.handle(this.locations.renew(previous, expiresAt, revokePrevious)),
        random: this.random,
      });
      handle = locationHandle(location, () => this.now(), actions);
      this.handles.set(location, handle);
    }
    return handle;
  }

  /** The current time for token checks. */
  now(): Date {
    return this.options.now();
  }
}
