import type { CommandContext, CommandOutcome } from "../command.js";

/**
 * A decoded command waiting in a stream's queue, and the caller waiting for it. It is answered exactly once:
 * a second answer is a bug of the batching and throws, so a caller can never be told two different things.
 */
export class PendingCommand<C, Ev, S> {
  /** Attempts of batches this command took part in (the result's `attempts`). */
  attempts = 0;
  /**
   * Stream version up to which the command's events are known not to be stored: a later load that starts at or
   * below it sees every event that could hold them, so no index lookup is needed. 0n: nothing checked yet.
   */
  checkedThrough = 0n;
  /** Set after the store refused a batch holding it: it is then committed alone, so it cannot refuse others. */
  alone = false;
  #answered = false;

  constructor(
    readonly command: C,
    readonly context: CommandContext,
    private readonly resolve: (outcome: CommandOutcome<S, Ev>) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** True once the caller has its answer. */
  get answered(): boolean {
    return this.#answered;
  }

  /** Gives the caller its outcome. */
  answer(outcome: CommandOutcome<S, Ev>): void {
    this.#settle();
    this.resolve(outcome);
  }

  /** Rejects the caller's promise: only for bugs (a decider that throws), as the single-command path does. */
  crash(error: unknown): void {
    this.#settle();
    this.reject(error);
  }

  #settle(): void {
    if (this.#answered) throw new Error(`command ${this.context.commandId} was answered twice`);
    this.#answered = true;
  }
}
