import { randomUUID } from "node:crypto";
import { isLedgerError } from "../store/errors.js";
import { LeaseLost, type LeaseStore, type ProcessorLease } from "./lease.js";
import { LeaseHeartbeat } from "./lease-heartbeat.js";
import { LiveProcessor, type LiveProcessorOptions, type ProcessorLag } from "./live-processor.js";
import { isTransientFailure, LogProcessor, type LogProcessorOptions } from "./log-processor.js";
import { pause } from "./pause.js";
import type { BatchSink } from "./sink.js";

/** How a {@link LeasedProcessor} competes for its lease, on top of how it follows the log. */
export interface LeasedProcessorOptions extends LiveProcessorOptions {
  readonly leases: LeaseStore;
  /** The lease's name; the processor's name unless set (a partitioned processor adds its partition). */
  readonly leaseName?: string;
  /** This instance's id in the lease table; random unless set (two instances must never share one). */
  readonly owner?: string;
  /** How long an acquisition or renewal holds: the longest a dead owner blocks the others; 15,000 ms. */
  readonly ttlMs?: number;
  /** Heartbeat period; a third of the TTL unless set, so two lost heartbeats in a row are survived. */
  readonly renewIntervalMs?: number;
  /** Longest wait between two attempts of a standby; a third of the TTL unless set. */
  readonly acquireIntervalMs?: number;
  /** Told when this instance gains or loses the lease (for the host's logs and health checks). */
  readonly onLeaseChange?: (change: LeaseChange) => void;
}

/** Why a term of ownership ended: `stop` and `failed` release the lease, the others lost it. */
export type TermEnd = "stop" | "failed" | "taken" | "expired" | "fenced";

/** A change of this instance's ownership. */
export type LeaseChange =
  | { readonly kind: "acquired"; readonly lease: ProcessorLease }
  | { readonly kind: "ended"; readonly lease: ProcessorLease; readonly reason: TermEnd };

/**
 * Runs a processor in one of several host processes at a time (issue 8): it follows the log as a
 * {@link LiveProcessor} only while it holds the processor's lease, renews it by a heartbeat, and otherwise waits
 * and tries again. Every batch is handed to the sink with the lease (`batch.lease`), after a local check that the
 * lease is still within its TTL; a transactional sink re-checks it in its transaction, which is what makes a
 * process that lost the lease unable to commit. The lease is released on `stop()` (after the current batch), and
 * expires by itself when the process dies, within `ttlMs`.
 */
export class LeasedProcessor {
  /** The processor it runs, over the sink wrapped with the lease check. */
  readonly processor: LogProcessor;
  /** This instance's id in the lease store. */
  readonly owner: string;
  readonly #options: LeasedProcessorOptions;
  readonly #name: string;
  readonly #ttl: number;
  #lease: ProcessorLease | undefined;
  #live: LiveProcessor | undefined;
  #running: Promise<void> | undefined;
  #stopping = new AbortController();
  #endTerm: ((reason: TermEnd) => void) | undefined;

  constructor(processor: LogProcessorOptions, options: LeasedProcessorOptions) {
    this.#options = options;
    this.#name = options.leaseName ?? processor.name;
    this.owner = options.owner ?? randomUUID();
    this.#ttl = options.ttlMs ?? 15_000;
    const renew = options.renewIntervalMs ?? this.#ttl / 3;
    if (!(this.#ttl > 0) || !(renew > 0) || renew >= this.#ttl * 0.8) {
      throw new RangeError("ttlMs must be positive and renewIntervalMs below 80% of it");
    }
    this.processor = new LogProcessor({ ...processor, sink: this.#fenced(processor.sink) });
  }

  /** The lease while this instance holds it. */
  get lease(): ProcessorLease | undefined {
    return this.#lease;
  }

  /** True between `start()` and the end of `stop()` (or of a failure that stopped it). */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Starts competing for the lease; a second call while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#stopping = new AbortController();
    this.#running = this.#compete().finally(() => {
      this.#running = undefined;
    });
  }

  /** Finishes the current batch, releases the lease, and resolves once stopped. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#endTerm?.("stop");
    await this.#running;
  }

  /** How far behind the log the processor is, whichever process runs it (read from the sink's position). */
  lag(): Promise<ProcessorLag> {
    return (this.#live ?? new LiveProcessor(new LogProcessor(this.processor.options), this.#options)).lag();
  }

  #fenced(sink: BatchSink): BatchSink {
    return {
      position: () => sink.position(),
      commit: async (batch) => {
        const lease = this.#lease;
        if (lease === undefined) throw new LeaseLost(this.#name, 0n, "this process does not hold the lease");
        await sink.commit({ ...batch, lease });
      },
    };
  }

  async #compete(): Promise<void> {
    const { leases, onError } = this.#options;
    const retry = this.#options.acquireIntervalMs ?? this.#ttl / 3;
    const { signal } = this.#stopping;
    while (!signal.aborted) {
      let wait = retry;
      try {
        const attempt = await leases.acquire(this.#name, this.owner, this.#ttl);
        if (attempt.kind === "acquired") {
          if ((await this.#term(attempt.lease)) === "failed") return;
          continue;
        }
        // Try again right after the holder's lease would run out, if that comes before the next attempt.
        wait = Math.min(retry, attempt.expiresInMs + 1);
      } catch (error) {
        onError?.(error);
      }
      await pause(wait, signal);
    }
  }

  /** One term of ownership: runs the live processor until the lease is lost, stop() or a failure. */
  async #term(lease: ProcessorLease): Promise<TermEnd> {
    const { leases, onError, onLeaseChange } = this.#options;
    let end: (reason: TermEnd) => void = () => undefined;
    const ended = new Promise<TermEnd>((resolve) => (end = this.#endTerm = resolve));
    if (this.#stopping.signal.aborted) end("stop");
    const renewEvery = this.#options.renewIntervalMs ?? this.#ttl / 3;
    const heartbeat = new LeaseHeartbeat(leases, lease, renewEvery, end, onError);
    const live = new LiveProcessor(this.processor, {
      ...this.#options,
      onError: (error) => {
        onError?.(error);
        if (isLedgerError(error, "lease-lost")) end("fenced");
        else if (!isTransientFailure(error)) end("failed");
      },
    });
    this.#lease = lease;
    this.#live = live;
    onLeaseChange?.({ kind: "acquired", lease });
    live.start();
    const reason = await ended;
    // Lost: no batch may be handed to the sink any more. Stopping: the current batch still commits.
    if (reason !== "stop" && reason !== "failed") this.#lease = undefined;
    await live.stop();
    this.#lease = undefined;
    this.#live = undefined;
    this.#endTerm = undefined;
    await heartbeat.stop();
    if (reason === "stop" || reason === "failed")
      await leases.release(lease).catch((error: unknown) => onError?.(error));
    onLeaseChange?.({ kind: "ended", lease, reason });
    return reason;
  }
}
