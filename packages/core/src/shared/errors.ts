/**
 * A rejected command: a value, never a thrown exception. `code` is stable across releases so hosts can
 * branch on it and translate it; `message` is for humans and never contains secrets.
 */
export interface DomainError<Code extends string = string> {
  readonly _tag: "DomainError";
  readonly code: Code;
  readonly message: string;
  /** Extra facts that explain the rejection (counts, ids), never secrets. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Builds a {@link DomainError}. */
export const domainError = <Code extends string>(
  code: Code,
  message: string,
  details?: DomainError["details"],
): DomainError<Code> =>
  details === undefined
    ? { _tag: "DomainError", code, message }
    : { _tag: "DomainError", code, message, details };

/**
 * Recognises a domain error structurally, so it works even when two copies of this package are loaded.
 */
export const isDomainError = (value: unknown): value is DomainError =>
  typeof value === "object" &&
  value !== null &&
  (value as { _tag?: unknown })._tag === "DomainError" &&
  typeof (value as { code?: unknown }).code === "string";
