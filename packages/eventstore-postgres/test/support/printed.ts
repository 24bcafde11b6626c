/**
 * Everything a logger could print of an error: message, stack, own fields and the cause chain. Tests search
 * it for the payload, which must never be there.
 */
export const printed = (error: unknown): string => {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const fields = Object.fromEntries(
      Object.entries(current).map(([key, value]) => [key, typeof value === "bigint" ? `${value}` : value]),
    );
    parts.push(current.message, current.stack ?? "", JSON.stringify(fields));
    current = current.cause;
  }
  return parts.join("\n");
};
