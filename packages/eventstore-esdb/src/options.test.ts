import { describe, expect, it } from "vitest";
import { DEFAULT_EVENT_ID_STREAM_PREFIX, DEFAULT_READ_BATCH_SIZE, resolveStoreOptions } from "./options.js";

describe("store options", () => {
  it("apply defaults", () => {
    expect(resolveStoreOptions()).toEqual({
      defaultBatchSize: DEFAULT_READ_BATCH_SIZE,
      eventIdStreamPrefix: DEFAULT_EVENT_ID_STREAM_PREFIX,
      maxAppendAttempts: 20,
      indexConcurrency: 32,
    });
  });

  it("refuse bad values when the store is built, saying which option", () => {
    expect(() => resolveStoreOptions({ defaultBatchSize: 0 })).toThrow(/defaultBatchSize/);
    expect(() => resolveStoreOptions({ maxAppendAttempts: 1.5 })).toThrow(/maxAppendAttempts/);
    expect(() => resolveStoreOptions({ indexConcurrency: -1 })).toThrow(/indexConcurrency/);
    expect(() => resolveStoreOptions({ eventIdStreamPrefix: "" })).toThrow(TypeError);
  });
});
