import type { Actor, CallContext, InstallOutcome } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

/** Prints one line of the story. */
export const say = (line: string): void => console.log(line);

/** The school's IT admin. */
export const ADMIN = { kind: "admin", id: "admin-marie" } as const satisfies Actor;

let commandNo = 0;

/** A fresh command context (R18: who caused it); a real host derives the id from the request it serves. */
export const by = (actor: Actor = ADMIN): CallContext => ({ commandId: `demo-${++commandNo}`, actor });

/** The demo expects success here: a refusal is a bug in the story, so it stops with the refusal's code. */
export const must = <A>(outcome: E.Either<{ readonly code: string; readonly message: string }, A>): A => {
  if (E.isLeft(outcome)) throw new Error(`${outcome.left.code}: ${outcome.left.message}`);
  return outcome.right;
};

/** The code of a refusal, or a marker that shows the story went wrong. */
export const refusalCode = (outcome: E.Either<{ readonly code: string }, unknown>): string =>
  E.isLeft(outcome) ? outcome.left.code : "ACCEPTED (bug)";

/** An install outcome in one phrase. */
export const describeInstall = (outcome: InstallOutcome): string =>
  outcome.status === "failed" ? `failed (${outcome.reason.code}: ${outcome.reason.message})` : outcome.status;
