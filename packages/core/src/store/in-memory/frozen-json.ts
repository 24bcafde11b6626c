const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

/**
 * A deep-frozen copy of a JSON value, made the way a database stores it (through JSON), so the in-memory store
 * behaves like a real one: callers can mutate neither what they passed in nor what they read back.
 */
export const frozenJsonCopy = <T>(value: T): T => deepFreeze(JSON.parse(JSON.stringify(value)) as T);
