import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

const runExample = (path: string) =>
  run(tsx, ["--conditions=source", path], { cwd: root, timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

describe("examples run in CI", () => {
  it("quickstart walks the seed story and keeps R13/R16 and the token secret", async () => {
    const { stdout } = await runExample("examples/quickstart/main.ts");
    expect(stdout).toContain("carol: awaiting-terms");
    expect(stdout).toContain("resumed install: failed (no-license-available");
    expect(stdout).toContain("alice: already-assigned");
    expect(stdout).toContain("holders right after the switch: alice, bob");
    expect(stdout).toContain("R13 and R16 hold at every event");
    expect(stdout).toContain("the token appears in the log: no");
  });
});
