import type { Clock } from "./clock.js";
import type { ServiceConfigResponse } from "./codecs/service-config.js";
import { type ServiceConfig, toServiceConfig } from "./codecs/service-config.js";

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
    private readonly fetchConfig: (signal?: AbortSignal) => Promise<ServiceConfigResponse>,
    private readonly clock: Clock,
    private readonly ttlMs: number = SERVICE_CONFIG_TTL_MS,
  ) {}

  /** The config, refreshed first if older than the TTL. */
  async get(signal?: AbortSignal): Promise<ServiceConfig> {
    if (this.#value && this.clock.now() - this.#fetchedAt < this.ttlMs) return this.#value;
    this.#inFlight ??= this.#refresh(signal).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #refresh(signal?: AbortSignal): Promise<ServiceConfig> {
    try {
      this.#value = toServiceConfig(await this.fetchConfig(signal));
      this.#fetchedAt = this.clock.now();
      return this.#value;
    } catch (error) {
      if (!this.#value) throw error;
      this.#fetchedAt = this.clock.now();
      return this.#value;
    }
  }
}
