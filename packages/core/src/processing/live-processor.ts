import { toMillis } from "../shared/time.js";
import { isTransientFailure, type LogProcessor, type PassResult } from "./log-processor.js";

/** Tells a live processor that new events may be in the log (PostgreSQL's LISTEN/NOTIFY, an in-process hook). */
export interface LogWakeup {
  /** Calls `listener` on each signal until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/** How a {@link LiveProcessor} follows the log. */
export interface LiveProcessorOptions {
  /** Signals of new events; without one, or between signals, the processor polls. */
  readonly wakeup?: LogWakeup;
  /** Poll interval when no signal came (the fallback, and the only way on PGlite); 1,000 ms. */
  readonly pollIntervalMs?: number;
  /** Wait after a failed pass that may pass (an outage) before trying again; 1,000 ms, doubling to 30 s. */
  readonly retryDelayMs?: number;
  /** The current time, for the lag in seconds (core reads no clock of its own). */
  readonly now?: () => Date;
  /** Told about each failed pass (the processor keeps going for transient ones, stops for the rest). */
  readonly onError?: (error: unknown) => void;
  /** Told after each pass that committed something. */
  readonly onPass?: (result: PassResult) => void;
}

/** How far a processor is behind the log. */
export interface ProcessorLag {
  /** Global positions between the processor and the head of the log (undefined if the store cannot tell). */
  readonly events: bigint | undefined;
  /** Seconds between now and the domain time of the first event not yet processed; 0 when caught up. */
  readonly seconds: number | undefined;
  readonly position: bigint | undefined;
}

/**
 * Follows the global log as it grows: a pass on start, then one on each wakeup signal or poll tick. `stop()` is
 * graceful: the running pass finishes its current batch, then the processor stops. Transient failures are
 * retried with a growing delay; any other failure stops the processor and is reported to `onError`.
 */
export class LiveProcessor {
  #running: Promise<void> | undefined;
  #stopped = true;
  #wake: (() => void) | undefined;
  #signalled = false;

  constructor(
    readonly processor: LogProcessor,
    readonly options: LiveProcessorOptions = {},
  ) {}

  /** True between `start()` and the end of `stop()`. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Starts following the log; a second call while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#stopped = false;
    const unsubscribe = this.options.wakeup?.subscribe(() => this.#signal());
    this.#running = this.#loop().finally(() => {
      unsubscribe?.();
      this.#running = undefined;
    });
  }

  /** Stops after the current batch; resolves when the processor has stopped. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.processor.requestStop();
    this.#signal();
    await this.#running;
  }

  /** How far behind the log the processor is. */
  async lag(): Promise<ProcessorLag> {
    const { store } = this.processor.options;
    const position = this.processor.position ?? (await this.processor.options.sink.position());
    const head = store.headPosition ? await store.headPosition() : undefined;
    const events =
      head === undefined ? undefined : head - (position ?? 0n) > 0n ? head - (position ?? 0n) : 0n;
    let seconds: number | undefined;
    if (this.options.now) {
      seconds = 0;
      for await (const next of store.readAll({
        ...(position === undefined ? {} : { after: position }),
        batchSize: 1,
      })) {
        const behind = (this.options.now().getTime() - toMillis(next.metadata.recordedAt)) / 1000;
        seconds = Number.isFinite(behind) ? Math.max(0, behind) : undefined;
        break;
      }
    }
    return { events, seconds, position };
  }

  #signal(): void {
    this.#signalled = true;
    this.#wake?.();
  }

  async #loop(): Promise<void> {
    let delay = this.options.retryDelayMs ?? 1_000;
    while (!this.#stopped) {
      this.#signalled = false;
      try {
        const result = await this.processor.pass();
        delay = this.options.retryDelayMs ?? 1_000;
        if (result.batches > 0) this.options.onPass?.(result);
        if (result.interrupted) continue;
      } catch (error) {
        this.options.onError?.(error);
        if (!isTransientFailure(error)) return;
        await this.#sleep(delay);
        delay = Math.min(delay * 2, 30_000);
        continue;
      }
      if (!this.#signalled) await this.#sleep(this.options.pollIntervalMs ?? 1_000);
    }
  }

  /** Waits for a signal, a stop, or the timeout, whichever comes first. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}
