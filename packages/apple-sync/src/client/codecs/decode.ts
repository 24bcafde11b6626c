import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { type AppleErrorDetails, MalformedResponseError } from "../errors.js";

const GROUPING_TAGS = new Set([
  "IntersectionType",
  "UnionType",
  "ExactType",
  "RefinementType",
  "ReadonlyType",
]);

/**
 * Names the first failing field of an io-ts failure as a path (`assets[3].adamId`) and what was expected.
 * Values are never included: a response may hold secrets (`notificationAuthToken`).
 */
export const describeFailure = (errors: t.Errors): { path: string; expected: string } => {
  const first = errors[0];
  if (!first) return { path: "(root)", expected: "a valid value" };
  let path = "";
  first.context.forEach((entry, index) => {
    if (index === 0) return;
    const parentTag = (first.context[index - 1]?.type as { _tag?: string } | undefined)?._tag ?? "";
    if (GROUPING_TAGS.has(parentTag)) return;
    path += parentTag === "ArrayType" ? `[${entry.key}]` : path ? `.${entry.key}` : entry.key;
  });
  const last = first.context[first.context.length - 1];
  const expected = last?.type.name ?? "a valid value";
  return { path: path || "(root)", expected: first.value === undefined ? `${expected} (missing)` : expected };
};

/** Decodes a response body, throwing a {@link MalformedResponseError} that names the field on failure. */
export const decodeResponse = <A>(
  codec: t.Decoder<unknown, A>,
  body: unknown,
  details: AppleErrorDetails,
): A => {
  const result = codec.decode(body);
  if (E.isRight(result)) return result.right;
  const { path, expected } = describeFailure(result.left);
  throw new MalformedResponseError(path, expected, details);
};
