import { describe, expect, it } from "vitest";
import { eventIdFor, isCanonicalUuid, uuidV5 } from "./event-id.js";

const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

describe("uuidV5", () => {
  it("matches the published RFC test vector", () => {
    expect(uuidV5(DNS_NAMESPACE, "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("rejects a namespace that is not a lowercase UUID", () => {
    expect(() => uuidV5(DNS_NAMESPACE.toUpperCase(), "x")).toThrow(TypeError);
  });
});

describe("eventIdFor", () => {
  it("gives the same id for the same command and index (a retried command is recognised)", () => {
    expect(eventIdFor("cmd-1", 0)).toBe(eventIdFor("cmd-1", 0));
  });

  it("gives different ids for different indexes and commands", () => {
    const ids = new Set([eventIdFor("cmd-1", 0), eventIdFor("cmd-1", 1), eventIdFor("cmd-2", 0)]);
    expect(ids.size).toBe(3);
  });

  it("does not confuse a command id ending in #n with another command's index", () => {
    expect(eventIdFor("a#1", 2)).not.toBe(eventIdFor("a", 12));
    expect(eventIdFor("a#1", 0)).not.toBe(eventIdFor("a", 1));
  });

  it("produces canonical version-5 UUIDs", () => {
    const id = eventIdFor("cmd-1", 7);
    expect(isCanonicalUuid(id)).toBe(true);
    expect(id[14]).toBe("5");
    expect(["8", "9", "a", "b"]).toContain(id[19]);
  });

  it("rejects an empty command id and a negative or fractional index", () => {
    expect(() => eventIdFor("", 0)).toThrow(TypeError);
    expect(() => eventIdFor("cmd", -1)).toThrow(RangeError);
    expect(() => eventIdFor("cmd", 1.5)).toThrow(RangeError);
  });
});
