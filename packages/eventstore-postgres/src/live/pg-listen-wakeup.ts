import type { LogWakeup } from "@vpp-ledger/core";
import type pg from "pg";

/** How a {@link PgListenWakeup} keeps its LISTEN connection. */
export interface PgListenWakeupOptions {
  /** A new, unconnected client for the dedicated connection (LISTEN is session state: never a pooled one). */
  readonly connect: () => pg.Client;
  /** The channel, from `appendChannel(schema)`. */
  readonly channel: string;
  /** First wait before reconnecting; doubles up to `maxBackoffMs`, with full jitter. 100 ms. */
  readonly initialBackoffMs?: number;
  /** 30,000 ms. */
  readonly maxBackoffMs?: number;
  /** Told when the connection is listening, or lost (processors poll meanwhile). */
  readonly onStateChange?: (state: "listening" | "disconnected", error?: unknown) => void;
}

/**
 * A {@link LogWakeup} over PostgreSQL's LISTEN/NOTIFY: one dedicated connection per instance, opened when the
 * first processor subscribes and closed when the last one leaves, shared by all of them. Every notification on
 * the channel (one per append that wrote, at its commit) calls every listener. A lost connection is reopened
 * with exponential backoff; while it is down, live processors fall back to polling, and each (re)connection
 * calls the listeners once, since appends committed before LISTEN took effect sent no signal to this session.
 */
export class PgListenWakeup implements LogWakeup {
  readonly #options: PgListenWakeupOptions;
  readonly #listeners = new Set<() => void>();
  #client: pg.Client | undefined;
  #listening = false;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: PgListenWakeupOptions) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.channel)) {
      throw new TypeError("channel must be a lower-case identifier of at most 63 characters (appendChannel)");
    }
    this.#options = options;
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.#listening;
  }

  /** Calls `listener` on every append's notification (and once per connection); opens the connection if first. */
  subscribe(listener: () => void): () => void {
    const wrapped = () => listener();
    this.#listeners.add(wrapped);
    if (this.#listeners.size === 1 && !this.#closed) void this.#open();
    return () => {
      this.#listeners.delete(wrapped);
      if (this.#listeners.size === 0) this.#disconnect();
    };
  }

  /** Ends the connection for good (the storage's `close()` calls it); later subscribers only poll. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#disconnect();
  }

  #wake(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its processor's business; the others must still be woken.
      }
    }
  }

  async #open(): Promise<void> {
    const client = this.#options.connect();
    this.#client = client;
    client.on("notification", (message) => {
      if (message.channel === this.#options.channel) this.#wake();
    });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#options.channel}`);
    } catch (error) {
      this.#lost(client, error);
      return;
    }
    if (this.#client !== client) return;
    this.#attempt = 0;
    this.#listening = true;
    this.#options.onStateChange?.("listening");
    this.#wake();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#listening = false;
    client.end().catch(() => undefined);
    this.#options.onStateChange?.("disconnected", error);
    if (this.#closed || this.#listeners.size === 0) return;
    const initial = this.#options.initialBackoffMs ?? 100;
    const ceiling = Math.min(this.#options.maxBackoffMs ?? 30_000, initial * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    // Full jitter, so the processes of a fleet do not all reconnect at the same instant after an outage.
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (!this.#closed && this.#listeners.size > 0 && this.#client === undefined) void this.#open();
    }, Math.random() * ceiling);
  }

  #disconnect(): void {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    this.#listening = false;
    client?.end().catch(() => undefined);
  }
}
