/** Parsers for query parameters; a malformed value is an invalid argument (9602) naming the parameter. */
import { fail, ok, type Result } from "./result.js";

/** `true` / `false` (any case), or undefined when absent. */
export const booleanParam = (query: URLSearchParams, name: string): Result<boolean | undefined> => {
  const raw = query.get(name);
  if (raw === null) return ok(undefined);
  const value = raw.toLowerCase();
  if (value === "true" || value === "false") return ok(value === "true");
  return fail(9602, `${name} must be true or false.`);
};

/** A whole number >= 0, or undefined when absent. */
export const countParam = (query: URLSearchParams, name: string): Result<number | undefined> => {
  const raw = query.get(name);
  if (raw === null) return ok(undefined);
  return /^\d+$/.test(raw) ? ok(Number(raw)) : fail(9602, `${name} must be a whole number >= 0.`);
};

/** One of `allowed`, or undefined when absent. */
export const enumParam = <T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): Result<T | undefined> => {
  const raw = query.get(name);
  if (raw === null) return ok(undefined);
  return (allowed as readonly string[]).includes(raw)
    ? ok(raw as T)
    : fail(9602, `${name} must be one of ${allowed.join(", ")}.`);
};
