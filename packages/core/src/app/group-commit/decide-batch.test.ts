import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { eventIdFor } from "../../store/event-id.js";
import { counterAggregate, increment } from "../../testing/store-contract/counter.js";
import { testCommandContext } from "../../testing/store-contract/fixtures.js";
import { CommandTrace } from "../retried-command.js";
import { BatchTrace } from "./batch-trace.js";
import { decideBatch } from "./decide-batch.js";
import { PendingCommand } from "./pending-command.js";

const counter = counterAggregate(10);
const prepared = (amount: number, id: string) => ({
  command: increment(amount),
  context: testCommandContext(id),
});

describe("decideBatch", () => {
  it("R16: decides in order against the evolving state, as one command after the other would be", () => {
    const decision = decideBatch(counter, "c", { state: { total: 2, increments: 1 }, version: 1n }, [
      prepared(5, "a"),
      prepared(5, "b"),
      prepared(0, "c"),
      prepared(3, "d"),
    ]);
    expect(decision.verdicts.map((v) => (v.kind === "refused" ? v.failure.code : v.version))).toEqual([
      2n,
      "limit-exceeded",
      2n,
      3n,
    ]);
    expect(decision.toAppend.map((event) => event.id)).toEqual([eventIdFor("a", 0), eventIdFor("d", 0)]);
    expect(decision.owners).toEqual([0, 3]);
    expect(decision).toMatchObject({ state: { total: 10, increments: 3 }, version: 3n });
    expect(decision.toAppend[1]?.metadata).toMatchObject({ causationId: "d", correlationId: "d" });
  });

  it("is pure: the same batch on the same state decides the same", () => {
    const start = { state: { total: 0, increments: 0 }, version: 0n };
    const batch = [prepared(4, "a"), prepared(7, "b"), prepared(6, "c")];
    expect(decideBatch(counter, "c", start, batch)).toEqual(decideBatch(counter, "c", start, batch));
    expect(E.isRight(counter.decider.decide(increment(1), start.state))).toBe(true);
  });
});

describe("BatchTrace", () => {
  it("finds each command's stored events in one pass, like a CommandTrace per command", () => {
    const stored = (commandId: string, index: number, version: number) => ({
      id: eventIdFor(commandId, index),
      streamVersion: BigInt(version),
      globalPosition: BigInt(version),
    });
    const events = [
      stored("x", 0, 1),
      stored("a", 0, 2),
      stored("a", 1, 3),
      stored("y", 0, 4),
      stored("b", 0, 5),
    ];
    const batch = new BatchTrace(["a", "b", "c"]);
    const single = new CommandTrace("a");
    for (const event of events as never[]) {
      batch.observe(event);
      single.observe(event);
    }
    expect(batch.found("a")).toEqual(single.found);
    expect(batch.found("a").map((e) => e.streamVersion)).toEqual([2n, 3n]);
    expect(batch.found("b").map((e) => e.streamVersion)).toEqual([5n]);
    expect(batch.found("c")).toEqual([]);
    expect(batch.found("unknown")).toEqual([]);
  });
});

describe("PendingCommand", () => {
  it("is answered exactly once: a second answer is a bug and throws", () => {
    const answers: unknown[] = [];
    const pending = new PendingCommand(
      increment(1),
      testCommandContext("a"),
      (o) => answers.push(o),
      () => {},
    );
    pending.answer(E.left({ _tag: "DomainError", code: "x", message: "x" }));
    expect(() => pending.answer(E.left({ _tag: "DomainError", code: "y", message: "y" }))).toThrow(
      /answered twice/,
    );
    expect(() => pending.crash(new Error("late"))).toThrow(/answered twice/);
    expect(answers).toHaveLength(1);
  });
});
