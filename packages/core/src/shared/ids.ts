import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { type DomainError, domainError } from "./errors.js";

/*
 * The identifier grammar (R24), one for every id the ledger stores or puts in a stream id. ASCII only, so no
 * lone surrogate, NUL, control character, confusable or normalisation variant can reach storage; no `:`, so
 * stream ids (`vpp-license:<tenant>:<adamId>`) are unambiguous; no blank at either end. docs/identifiers.md
 * states it for hosts.
 */

/** Tenant, user, device and sync ids: 1–128 of `A–Z a–z 0–9 . _ ~ @ + = -`, starting with a letter or digit. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~@+=-]{0,127}$/;
/** Apple's adamId (the App Store id of an app or book): 1–20 digits. */
export const ADAM_ID_PATTERN = /^[0-9]{1,20}$/;
/** References that only trace (command, correlation and causation ids, an actor's id): 1–256 visible ASCII characters. */
export const REFERENCE_PATTERN = /^[\x21-\x7E]{1,256}$/;

const patterned = (pattern: RegExp, name: string): t.Type<string, string, unknown> =>
  t.refinement(t.string, (s) => pattern.test(s), name);

/** A tenant, user, device or sync id; see {@link IDENTIFIER_PATTERN}. */
export const Identifier = patterned(IDENTIFIER_PATTERN, "Identifier");
/** An Apple adamId; see {@link ADAM_ID_PATTERN}. */
export const AdamId = patterned(ADAM_ID_PATTERN, "AdamId");
/** A tracing reference; see {@link REFERENCE_PATTERN}. */
export const Reference = patterned(REFERENCE_PATTERN, "Reference");

/** Which grammar an id follows. */
export type IdKind = "identifier" | "adamId" | "reference";

const PATTERNS: Readonly<Record<IdKind, RegExp>> = {
  identifier: IDENTIFIER_PATTERN,
  adamId: ADAM_ID_PATTERN,
  reference: REFERENCE_PATTERN,
};

const EXPECTED: Readonly<Record<IdKind, string>> = {
  identifier: "1–128 characters of A–Z a–z 0–9 . _ ~ @ + = -, starting with a letter or digit",
  adamId: "1–20 digits",
  reference: "1–256 visible ASCII characters",
};

/** True when `value` is a string of the given grammar (a type guard for JS callers' values). */
export const isId = (kind: IdKind, value: unknown): value is string =>
  typeof value === "string" && PATTERNS[kind].test(value);

/**
 * Checks one id of a call, as an `invalid-input` naming the field and the grammar, never the value (it may be
 * anything a hostile caller sent).
 */
export const checkId = (
  kind: IdKind,
  field: string,
  value: unknown,
): E.Either<DomainError<"invalid-input">, string> =>
  isId(kind, value)
    ? E.right(value)
    : E.left(
        domainError("invalid-input", `invalid ${field}: must be ${EXPECTED[kind]}`, {
          path: field,
          expected: kind,
        }),
      );

/** Returns `value` when it follows the grammar; throws a `TypeError` naming the field (never the value) otherwise. */
export const assertId = (kind: IdKind, field: string, value: unknown): string => {
  const checked = checkId(kind, field, value);
  if (E.isLeft(checked)) throw new TypeError(checked.left.message);
  return checked.right;
};
