import type { Clock } from "./clock.js";
import type { ServiceConfigResponse } from "./codecs/service-config.js";
import { type ServiceConfig, toServiceConfig } from "./codecs/service-config.js";

/** Waits for `promise` unless `signal` aborts first. */
const abortable = <T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
};

/** Apple asks clients to re-read `limits` and `urls` every five minutes rather than hard-code them. */
export const SERVICE_CONFIG_TTL_MS = 5 * 60_000;

/**
 * Holds the service config and refreshes it at most once per `ttlMs`, with one fetch in flight no matter how
 * many calls ask at once. When a refresh fails but a previous config exists, the previous one keeps serving
 * (limits rarely change) and the next refresh is tried one TTL later.
 */
export class ServiceConfigCache {
  #value: ServiceConfig | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<ServiceConfig> | undefined;

  constructor(
    private readonly fetchConfig: (deadlineAt: number | undefined) => Promise<ServiceConfigResponse>,
    private readonly clock: Clock,
    private readonly ttlMs: number = SERVICE_CONFIG_TTL_MS,
  ) {}

  /**
   * The config, refreshed first if older than the TTL. A refresh is shared by every caller waiting for it, so
   * one caller's `signal` only stops its own wait; the refresh runs within the first caller's deadline.
   */
  async get(signal?: AbortSignal, deadlineAt?: number): Promise<ServiceConfig> {
    if (this.#value && this.clock.now() - this.#fetchedAt < this.ttlMs) return this.#value;
    this.#inFlight ??= this.#refresh(deadlineAt).finally(() => {
      this.#inFlight = undefined;
    });
    return abortable(this.#inFlight, signal);
  }

  async #refresh(deadlineAt: number | undefined): Promise<ServiceConfig> {
    try {
      this.#value = toServiceConfig(await this.fetchConfig(deadlineAt));
      this.#fetchedAt = this.clock.now();
      return this.#value;
    } catch (error) {
      if (!this.#value) throw error;
      this.#fetchedAt = this.clock.now();
      return this.#value;
    }
  }
}
