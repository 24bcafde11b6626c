import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Reads a header case-insensitively, as Node lower-cases names but other hosts may not. */
export const headerValue = (
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * True when `Authorization` is `Bearer <one of the accepted tokens>`. Compares SHA-256 digests with
 * `timingSafeEqual` and checks every accepted token, so neither a token's content nor its length nor which
 * token matched leaks through timing.
 */
export const bearerMatches = (
  authorization: string | undefined,
  accepted: ReadonlyArray<string>,
): boolean => {
  const match = /^Bearer[ \t]+(.+)$/i.exec(authorization?.trim() ?? "");
  const presented = digest(match?.[1]?.trim() ?? "");
  let ok = false;
  for (const token of accepted) {
    const equal = timingSafeEqual(presented, digest(token));
    ok = (equal && token.length > 0 && match !== null) || ok;
  }
  return ok;
};
