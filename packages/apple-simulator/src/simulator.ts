import { SimulatorContext } from "./context.js";
import type { FaultSpec } from "./faults.js";
import type { Location, LocationSpec } from "./model/location.js";
import type { NotificationRecord } from "./notifications/notifier.js";
import { type AppleSimulatorOptions, resolveOptions } from "./options.js";
import type { RequestHook } from "./request-hooks.js";
import type { InFlightStats, RequestLogEntry } from "./request-log.js";
import { API_BASE_PATH, closeServer, listen } from "./server.js";
import type { SimLocation } from "./sim-location.js";

/** A running simulator of Apple's Apps and Books API v2. */
export interface AppleSimulator {
  /** The v2 base URL, e.g. `http://127.0.0.1:41234/mdm/v2`; clients append `service/config`, `assets`, ... */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>`; control endpoints live under `<origin>/_sim/`. */
  readonly origin: string;
  /** Creates a location with a fresh random token. */
  addLocation(spec: LocationSpec): SimLocation;
  /** Every location, in creation order. */
  locations(): readonly SimLocation[];
  /** Runs every PENDING async operation now (for `operationCompletion: "manual"`); returns how many ran. */
  completePendingOperations(): number;
  /** How many async operations are still PENDING. */
  pendingOperationCount(): number;
  /** Arms a fault for the next matching request(s). */
  injectFault(spec: FaultSpec): void;
  /** Disarms every fault. */
  clearFaults(): void;
  /** Every API request served (control endpoints excluded), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /**
   * Requests served per endpoint since the last {@link clearLogs}, keyed `"<METHOD> <path>"`, e.g.
   * `{"POST assets/associate": 12, "GET status": 40}`; rejected ones (429, 401) count too.
   */
  requestCounts(): Record<string, number>;
  /** Requests being served at once on a path (or all paths): now and at the peak. */
  inFlight(path?: string): InFlightStats;
  /** Every notification sent (including TEST_NOTIFICATION), with its delivery attempts. */
  readonly notifications: readonly NotificationRecord[];
  /**
   * Runs `hook` before each valid request reaches its endpoint (after token, rate limit and body checks), to
   * change data at an exact point of a client's work. Returns the function that removes it.
   */
  onRequest(hook: RequestHook): () => void;
  /** Resolves once every queued notification is delivered or given up. */
  settle(): Promise<void>;
  /** Empties the request and notification logs and resets the in-flight peaks. */
  clearLogs(): void;
  /** Answers unknown tokens (9622) with HTTP 401 (documented) or 200 (seen in the wild). */
  setInvalidTokenHttpStatus(status: 401 | 200): void;
  /** Delays each API response by `ms`, so a client's concurrency shows in {@link inFlight}. */
  setLatency(ms: number): void;
  /**
   * With `realism.clock: "manual"`: moves simulated time on by `ms` and runs what fell due (operation completions,
   * notification deliveries) in time order. Rejects on a scaled clock.
   */
  advanceTime(ms: number): Promise<void>;
  /** Simulated milliseconds since start (real time × `realism.timeScale`, or what `advanceTime` moved). */
  simulatedElapsedMs(): number;
  /** Stops the server, pending timers and notification retries. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export const startAppleSimulator = async (options?: AppleSimulatorOptions): Promise<AppleSimulator> => {
  const resolved = resolveOptions(options);
  const sim = new SimulatorContext(resolved);
  const { server, origin } = await listen(sim, resolved.port);
  sim.baseUrl = `${origin}${API_BASE_PATH}`;
  const handleOf = (location: Location): SimLocation => sim.handle(location);
  let closing: Promise<void> | undefined;
  return {
    baseUrl: sim.baseUrl,
    origin,
    addLocation: (spec) => handleOf(sim.locations.add(spec)),
    locations: () => sim.locations.list().map(handleOf),
    completePendingOperations: () => sim.operations.completePending(),
    pendingOperationCount: () => sim.operations.pendingCount(),
    injectFault: (spec) => sim.faults.inject(spec),
    clearFaults: () => sim.faults.clear(),
    requests: sim.log.entries,
    requestCounts: () => sim.log.counts(),
    inFlight: (path) => sim.log.stats(path),
    notifications: sim.notifier.log,
    onRequest: (hook) => {
      sim.requestHooks.add(hook);
      return () => sim.requestHooks.delete(hook);
    },
    settle: () => sim.notifier.idle(),
    clearLogs: () => {
      sim.log.clear();
      sim.notifier.log.length = 0;
    },
    setInvalidTokenHttpStatus: (status) => {
      sim.invalidTokenHttpStatus = status;
    },
    setLatency: (ms) => {
      sim.latencyMs = ms;
    },
    advanceTime: (ms) => sim.clock.advance(ms),
    simulatedElapsedMs: () => sim.clock.elapsedMs(),
    close: () => {
      closing ??= (async () => {
        sim.shutdown.abort();
        sim.operations.dispose();
        sim.clock.dispose();
        sim.notifier.close();
        await closeServer(server);
      })();
      return closing;
    },
  };
};
