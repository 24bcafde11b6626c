/** Small checks shared by the request validators. */
import { fail, ok, type Result } from "../result.js";

/** A JSON object body, or 9602. */
export const objectBody = (body: unknown): Result<Record<string, unknown>> =>
  typeof body === "object" && body !== null && !Array.isArray(body)
    ? ok(body as Record<string, unknown>)
    : fail(9602, "The request body must be a JSON object.");

/** An optional array of non-empty strings; absent or null means empty. */
export const stringArray = (value: unknown, field: string): Result<string[]> => {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item.length > 0)) {
    return fail(9602, `${field} must be an array of non-empty strings.`);
  }
  return ok(value as string[]);
};

/** Values that occur more than once, each listed once, in first-seen order. */
export const duplicates = (values: readonly string[]): string[] => {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
};

/** An optional string field. */
export const optionalString = (value: unknown, field: string): Result<string | undefined> =>
  value === undefined || value === null
    ? ok(undefined)
    : typeof value === "string"
      ? ok(value)
      : fail(9602, `${field} must be a string.`);
