import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { AggregateDefinition } from "../../app/aggregate.js";
import { decodeMessage, decodeWith, messageCodec } from "../../shared/codec.js";
import { domainError } from "../../shared/errors.js";
import { IsoDateTime } from "../../shared/time.js";
import { eventCatalog } from "../../store/catalog.js";

/** Add `amount` to the counter. 0 changes nothing (an accepted no-op). */
export const Increment = messageCodec("Increment", { amount: t.number, at: IsoDateTime });
/** The test aggregate's only command. */
export type CounterCommand = t.TypeOf<typeof Increment>;

/** Schema version 2 of the counter's event; version 1 called `amount` `by`. */
export const Incremented = messageCodec("Incremented", { amount: t.number, at: IsoDateTime });
/** The test aggregate's only event. */
export type CounterEvent = t.TypeOf<typeof Incremented>;

/** The counter: its total and how many increments made it. */
export interface CounterState {
  readonly total: number;
  readonly increments: number;
}

const renameByToAmount = (data: unknown): unknown => {
  if (typeof data !== "object" || data === null) return data;
  const { by, ...rest } = data as { by?: unknown };
  return { ...rest, amount: by };
};

/** The counter's event catalog: `Incremented` at schema version 2, with the upcaster from version 1. */
export const counterEvents = eventCatalog<CounterEvent>({
  Incremented: { codec: Incremented, schemaVersion: 2, upcasters: { 1: renameByToAmount } },
});

const evolve = (state: CounterState, event: CounterEvent): CounterState => ({
  total: state.total + event.data.amount,
  increments: state.increments + 1,
});

const StoredCounter = t.type({ total: t.number, increments: t.number });

/**
 * A counter that never goes above `limit`: the smallest aggregate that exercises every path of the command
 * handler (accept, reject, no-op, upcast, snapshot). For store adapters' and the handler's tests.
 */
export const counterAggregate = (
  limit = Number.MAX_SAFE_INTEGER,
): AggregateDefinition<CounterCommand, CounterEvent, CounterState> => ({
  name: "Counter",
  // Decoding keeps `amount` a number only: the decider's own check of the value stays observable.
  decodeCommand: decodeMessage<CounterCommand>({ Increment }, "Counter command"),
  decider: {
    initialState: { total: 0, increments: 0 },
    decide: (command, state) => {
      const { amount, at } = command.data;
      if (!Number.isSafeInteger(amount) || amount < 0) {
        return E.left(domainError("invalid-amount", "amount must be a non-negative integer"));
      }
      if (amount === 0) return E.right([]);
      if (state.total + amount > limit) {
        return E.left(
          domainError("limit-exceeded", `the counter would pass its limit of ${limit}`, {
            total: state.total,
            limit,
          }),
        );
      }
      return E.right([{ type: "Incremented", data: { amount, at } }]);
    },
    evolve,
    fold: (state, events) => {
      let next = state;
      for (const event of events) next = evolve(next, event);
      return next;
    },
  },
  events: counterEvents,
  snapshot: {
    schemaVersion: 1,
    encode: (state) => ({ total: state.total, increments: state.increments }),
    decode: decodeWith(StoredCounter, "counter snapshot"),
  },
});

/** An `Increment` command at a fixed instant. */
export const increment = (amount: number, at = "2026-03-01T09:00:00.000Z"): CounterCommand => ({
  type: "Increment",
  data: { amount, at },
});
