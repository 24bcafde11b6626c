import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../shared/decider.js";
import { domainError } from "../shared/errors.js";
import { toMillis } from "../shared/time.js";
import type { EventMetadata } from "../store/port.js";
import type { AggregateDefinition } from "./aggregate.js";
import type { CommandContext, CommandFailure, TimedCommand } from "./command.js";
import { checkContext } from "./validate-call.js";

/** A command and its context, decoded: what the handler may decide and store. */
export interface PreparedCommand<C> {
  readonly command: C;
  readonly context: CommandContext;
}

/** A tuning value of the handler, checked: a misconfiguration throws (it is a bug, not an outcome). */
export const positiveInteger = (value: number | undefined, fallback: number, name: string): number => {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return resolved;
};

/**
 * Decodes a call before anything is loaded or queued: the stream id, the context and the command (whatever the
 * caller's static types said, R24), and the command's `data.at`. Every handler path uses it, so a command is
 * accepted or refused the same way whether it is handled alone or in a batch.
 */
export const prepareCommand = <C extends TimedCommand, Ev extends Message, S>(
  aggregate: AggregateDefinition<C, Ev, S>,
  streamId: unknown,
  command: unknown,
  context: unknown,
): E.Either<CommandFailure, PreparedCommand<C>> => {
  if (typeof streamId !== "string" || streamId.length === 0) {
    return E.left(
      domainError("invalid-input", "invalid streamId: must be a non-empty string", { path: "streamId" }),
    );
  }
  const checkedContext = checkContext(context);
  if (E.isLeft(checkedContext)) return checkedContext;
  const decoded = aggregate.decodeCommand(command);
  if (E.isLeft(decoded)) return decoded;
  if (Number.isNaN(toMillis(decoded.right.data.at))) {
    return E.left(
      domainError(
        "invalid-input",
        `${decoded.right.type}: data.at must be an ISO-8601 date-time with offset`,
        {
          path: "data.at",
        },
      ),
    );
  }
  return E.right({ command: decoded.right, context: checkedContext.right });
};

/** The metadata of a command's events (R18): `recordedAt` is the command's own time, never a clock's. */
export const metadataOf = (command: TimedCommand, context: CommandContext): EventMetadata => ({
  tenantId: context.tenantId,
  correlationId: context.correlationId ?? context.commandId,
  causationId: context.causationId ?? context.commandId,
  actor: context.actor,
  recordedAt: command.data.at,
});
