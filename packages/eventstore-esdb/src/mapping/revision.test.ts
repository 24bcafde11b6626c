import { ANY, NO_STREAM } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { expectedRevisionFor, revisionOfVersion, versionOfCurrent, versionOfRevision } from "./revision.js";

describe("version and revision mapping", () => {
  it("port versions are ESDB revisions plus one, both ways, beyond Number.MAX_SAFE_INTEGER", () => {
    expect(versionOfRevision(0n)).toBe(1n);
    expect(revisionOfVersion(1n)).toBe(0n);
    expect(versionOfRevision(9_007_199_254_740_993n)).toBe(9_007_199_254_740_994n);
    expect(revisionOfVersion(versionOfRevision(41n))).toBe(41n);
  });

  it("a stream ESDB reports as no_stream is at version 0n, one at revision r at version r + 1", () => {
    expect(versionOfCurrent(NO_STREAM)).toBe(0n);
    expect(versionOfCurrent(0n)).toBe(1n);
    expect(versionOfCurrent(4n)).toBe(5n);
  });

  it('"no_stream" and 0n map to NO_STREAM, a version n to revision n - 1', () => {
    expect(expectedRevisionFor("no_stream", 0n)).toBe(NO_STREAM);
    expect(expectedRevisionFor(0n, 0n)).toBe(NO_STREAM);
    expect(expectedRevisionFor(1n, 1n)).toBe(0n);
    expect(expectedRevisionFor(7n, 7n)).toBe(6n);
  });

  it('"any" and "stream_exists" become the exact revision the adapter saw, never ANY', () => {
    expect(expectedRevisionFor("any", 0n)).toBe(NO_STREAM);
    expect(expectedRevisionFor("any", 3n)).toBe(2n);
    expect(expectedRevisionFor("stream_exists", 3n)).toBe(2n);
    expect(expectedRevisionFor("any", 3n)).not.toBe(ANY);
  });
});
