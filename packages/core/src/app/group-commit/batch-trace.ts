import { eventIdFor } from "../../store/event-id.js";
import type { RecordedEvent } from "../../store/port.js";
import { CommandTrace } from "../retried-command.js";

/**
 * Recognises, while a stream is loaded, the events that any command of a batch already wrote (retries), in one
 * pass: each stored event costs one map lookup whatever the batch size, instead of one comparison per command.
 */
export class BatchTrace {
  readonly #traces = new Map<string, CommandTrace>();
  /** The id each command's next event would have, to the command id. */
  readonly #expected = new Map<string, string>();

  constructor(commandIds: Iterable<string>) {
    for (const commandId of commandIds) {
      this.#traces.set(commandId, new CommandTrace(commandId));
      this.#expected.set(eventIdFor(commandId, 0), commandId);
    }
  }

  /** Looks at one stored event (pass every event the load reads, in stream order). */
  observe(event: RecordedEvent): void {
    const commandId = this.#expected.get(event.id);
    if (commandId === undefined) return;
    const trace = this.#traces.get(commandId);
    if (trace === undefined || !trace.observe(event)) return;
    this.#expected.delete(event.id);
    // A command's events are contiguous (one atomic append), so only its next id can follow.
    this.#expected.set(eventIdFor(commandId, trace.found.length), commandId);
  }

  /** The stored events of one command of the batch seen so far (empty: none). */
  found(commandId: string): ReadonlyArray<RecordedEvent> {
    return this.#traces.get(commandId)?.found ?? [];
  }
}
