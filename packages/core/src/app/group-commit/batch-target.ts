import type { Message } from "../../shared/decider.js";
import type { AggregateDefinition } from "../aggregate.js";
import type { CommandHandlerDeps, TimedCommand } from "../command.js";

/** What a stream's batches share: the handler's dependencies and the stream. */
export interface BatchTarget<C extends TimedCommand, Ev extends Message, S> {
  readonly deps: CommandHandlerDeps;
  readonly aggregate: AggregateDefinition<C, Ev, S>;
  readonly streamId: string;
  readonly snapshotEvery: number;
}
