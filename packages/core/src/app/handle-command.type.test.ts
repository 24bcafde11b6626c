import type { Either } from "fp-ts/lib/Either.js";
import { describe, expectTypeOf, it } from "vitest";
import type { Message } from "../shared/decider.js";
import { InMemoryEventStore } from "../store/in-memory/in-memory-event-store.js";
import {
  type CounterEvent,
  type CounterState,
  counterAggregate,
  increment,
} from "../testing/store-contract/counter.js";
import { testCommandContext } from "../testing/store-contract/fixtures.js";
import type { AggregateDefinition } from "./aggregate.js";
import type { CommandFailure, CommandResult } from "./command.js";
import { handleCommand } from "./handle-command.js";
import { type LoadedAggregate, loadAggregate } from "./load-aggregate.js";

describe("handleCommand types", () => {
  it("infers state and event types from the aggregate", () => {
    const deps = { store: new InMemoryEventStore() };
    const result = handleCommand(deps, counterAggregate(), "c", increment(1), testCommandContext("x"));
    expectTypeOf(result).toEqualTypeOf<
      Promise<Either<CommandFailure, CommandResult<CounterState, CounterEvent>>>
    >();
    expectTypeOf(loadAggregate(deps, counterAggregate(), "c")).toEqualTypeOf<
      Promise<LoadedAggregate<CounterState>>
    >();
  });

  it("only accepts commands of the aggregate, and only commands that carry data.at", () => {
    const deps = { store: new InMemoryEventStore() };
    const context = testCommandContext("x");
    const decrement = { type: "Decrement" as const, data: { amount: 1, at: "2026-03-01T09:00:00Z" } };
    // @ts-expect-error: not a command of the counter
    void handleCommand(deps, counterAggregate(), "c", decrement, context);
    const untimed = {} as AggregateDefinition<
      Message<"Ping", { readonly n: number }>,
      CounterEvent,
      CounterState
    >;
    // @ts-expect-error: the command's data has no `at`, so its events would have no recordedAt
    void (() => handleCommand(deps, untimed, "c", { type: "Ping", data: { n: 1 } }, context));
  });
});
