import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { type DomainError, domainError } from "./errors.js";

/** A rejected input: `path` names the first failing field, e.g. `data.purchased`. Values are never echoed. */
export type InvalidInput = DomainError<"invalid-input" | "unknown-message-type">;

/**
 * Codec of a `{ type, data }` message whose data has the given required and optional fields.
 * Exact: unknown fields are stripped on decode, so nothing undeclared (a secret, say) is ever persisted.
 */
export const messageCodec = <T extends string, R extends t.Props, O extends t.Props = Record<never, never>>(
  type: T,
  required: R,
  optional?: O,
) =>
  t.exact(
    t.type({
      type: t.literal(type),
      data: optional
        ? t.exact(t.intersection([t.type(required), t.partial(optional)]))
        : // The cast keeps one return type for both branches; the runtime codec is the plain exact type.
          (t.exact(t.type(required)) as unknown as t.ExactC<t.IntersectionC<[t.TypeC<R>, t.PartialC<O>]>>),
    }),
    type,
  );

const pathOf = (error: t.ValidationError): string =>
  error.context
    .map((entry) => entry.key)
    .filter((key) => key !== "" && !/^\d+$/.test(key))
    .join(".");

/** Describes io-ts errors by path and expected type only (no values: inputs may hold secrets). */
export const describeErrors = (errors: t.Errors): { path: string; expected: string } => {
  const first = errors[0];
  if (!first) return { path: "", expected: "a valid value" };
  const last = first.context[first.context.length - 1];
  return { path: pathOf(first) || "(root)", expected: last?.type.name ?? "a valid value" };
};

/** Decodes with a codec, turning failures into an {@link InvalidInput} that names the field. */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, what: string) =>
  (input: unknown): E.Either<InvalidInput, A> =>
    E.mapLeft((errors: t.Errors) => {
      const { path, expected } = describeErrors(errors);
      return domainError("invalid-input", `invalid ${what}: ${path} must be ${expected}`, { path, expected });
    })(codec.decode(input));

/**
 * Decodes a `{ type, data }` message by dispatching on `type`, so an error names the field of the right
 * message rather than a tangle of union branches.
 */
export const decodeMessage =
  <M>(codecs: Readonly<Record<string, t.Decoder<unknown, M>>>, kind: string) =>
  (input: unknown): E.Either<InvalidInput, M> => {
    const type = typeof input === "object" && input !== null ? (input as { type?: unknown }).type : undefined;
    if (typeof type !== "string") {
      return E.left(
        domainError("invalid-input", `invalid ${kind}: type must be a string`, {
          path: "type",
          expected: "string",
        }),
      );
    }
    const codec = Object.hasOwn(codecs, type) ? codecs[type] : undefined;
    if (!codec) {
      return E.left(
        domainError(
          "unknown-message-type",
          `unknown ${kind} type "${type.slice(0, 64)}"; expected one of ${Object.keys(codecs).join(", ")}`,
        ),
      );
    }
    return decodeWith(codec, `${kind} ${type}`)(input);
  };

/** A safe integer >= 0. */
export const NonNegativeInt: t.Type<number, number, unknown> = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  "NonNegativeInt",
);

// NUL, other C0 controls but tab and line breaks, DEL, and lone surrogates: none survives a trip through
// PostgreSQL's text and jsonb (22021, 22P02), and none belongs in text shown to an admin.
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what it refuses.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds nothing a store or a console cannot keep faithfully (see `boundedString`). */
export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/**
 * A string with at least one non-blank character and at most `max` characters, free of NUL, control characters
 * (tab and line breaks allowed) and lone surrogates, so it stores and reads back the same everywhere.
 */
export const boundedString = (max: number, name = `NonEmptyString(max ${max})`) =>
  t.refinement(t.string, (s) => s.trim().length > 0 && s.length <= max && isStorableText(s), name);

export { AdamId, Identifier, Reference } from "./ids.js";
