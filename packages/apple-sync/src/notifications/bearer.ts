import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

const isHeadersLike = (value: object): value is { get(name: string): unknown } =>
  typeof (value as { get?: unknown }).get === "function";

/**
 * Reads one header, case-insensitively (Node lower-cases names, other hosts may not), from whatever a host
 * passed: a plain object or a fetch `Headers`. Anything but exactly one string value is undefined: a missing
 * header, an array (two `Authorization` lines), a number, an object, or the same name in two cases. A JS
 * caller's mistake must read as "no header", never throw.
 */
export const headerValue = (headers: unknown, name: string): string | undefined => {
  if (typeof headers !== "object" || headers === null) return undefined;
  const wanted = name.toLowerCase();
  try {
    if (isHeadersLike(headers)) {
      const value = headers.get(wanted);
      return typeof value === "string" ? value : undefined;
    }
    const values = Object.entries(headers)
      .filter(([key]) => key.toLowerCase() === wanted)
      .map(([, value]) => value);
    const [value] = values;
    return values.length === 1 && typeof value === "string" ? value : undefined;
  } catch {
    // A getter or a proxy that throws is as good as no header.
    return undefined;
  }
};

/**
 * True when `Authorization` is `Bearer <one of the accepted tokens>`; false for anything else, a non-string
 * included. Compares SHA-256 digests with `timingSafeEqual` and checks every accepted token, so neither a
 * token's content nor its length nor which token matched leaks through timing.
 */
export const bearerMatches = (authorization: unknown, accepted: ReadonlyArray<string>): boolean => {
  const header = typeof authorization === "string" ? authorization.trim() : "";
  const match = /^Bearer[ \t]+(.+)$/i.exec(header);
  const presented = digest(match?.[1]?.trim() ?? "");
  let ok = false;
  for (const token of accepted) {
    const equal = timingSafeEqual(presented, digest(token));
    ok = (equal && token.length > 0 && match !== null) || ok;
  }
  return ok;
};
