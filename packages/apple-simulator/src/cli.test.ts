import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliSession, runCli } from "./cli.js";

const sessions: CliSession[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.sim.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const run = async (argv: string[]) => {
  const lines: string[] = [];
  const session = await runCli(argv, (line) => lines.push(line));
  sessions.push(session);
  return { session, lines };
};

describe("vpp-apple-sim", () => {
  it("--port 0 --seed demo prints the base URL and writes the demo token file, never the token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vpp-sim-cli-"));
    dirs.push(dir);
    const { session, lines } = await run(["--port", "0", "--seed", "demo", "--token-dir", dir]);
    const [location] = session.sim.locations();
    expect(lines.join("\n")).toContain(`base URL:  ${session.sim.baseUrl}`);
    expect(lines.join("\n")).toContain(`token fingerprint ${location?.fingerprint}`);
    expect(lines.join("\n")).not.toContain(location?.sToken ?? "?");
    const path = session.tokenFilePath ?? "";
    expect(lines.join("\n")).toContain(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const tokenFile = readFileSync(path, "utf8");
    const response = await fetch(`${session.sim.baseUrl}/assets`, {
      headers: { authorization: `Bearer ${tokenFile}` },
    });
    const body = (await response.json()) as { assets: unknown[] };
    expect(response.status).toBe(200);
    expect(body.assets.length).toBeGreaterThanOrEqual(5);
  });

  it("applies --page-size, --events and --max-rps", async () => {
    const { session } = await run(["--page-size", "2", "--events", "manual", "--max-rps", "7"]);
    const config = (await (await fetch(`${session.sim.baseUrl}/service/config`)).json()) as {
      limits: { maxRequestPerSecond: number };
    };
    expect(config.limits.maxRequestPerSecond).toBe(7);
    expect(session.tokenFilePath).toBeUndefined();
  });

  it("--realism realistic --time-scale 100 keeps associations PENDING for a while", async () => {
    const { session } = await run(["--realism", "realistic", "--time-scale", "100", "--random-seed", "5"]);
    const location = session.sim.addLocation({ orgName: "O", expiresAt: "2099-01-01T00:00:00Z" });
    location.addAsset({ adamId: "1", totalCount: 5 });
    const headers = { authorization: `Bearer ${location.sToken}`, "content-type": "application/json" };
    const accepted = await fetch(`${session.sim.baseUrl}/assets/associate`, {
      method: "POST",
      headers,
      body: JSON.stringify({ assets: [{ adamId: "1" }], serialNumbers: ["S1"] }),
    });
    const { eventId } = (await accepted.json()) as { eventId: string };
    const status = await fetch(`${session.sim.baseUrl}/status?eventId=${eventId}`, { headers });
    expect(((await status.json()) as { eventStatus: string }).eventStatus).toBe("PENDING");
    expect(session.sim.pendingOperationCount()).toBe(1);
  });

  it.each([["--port", "abc"], ["--seed", "big"], ["--nope"], ["--realism", "chaos"]])(
    "refuses %j with a usage error",
    async (...argv) => {
      await expect(runCli(argv, () => undefined)).rejects.toMatchObject({ code: "SIM_CLI_USAGE" });
    },
  );
});
