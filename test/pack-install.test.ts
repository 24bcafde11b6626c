import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_CTS, HOST_ESM, HOST_MTS, HOST_REQUIRE, HOST_TSCONFIG } from "./support/host-files.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const PNPM = ["--yes", "pnpm@10.34.9"];

/** Every package of the workspace that is published (not private), by directory. */
const publishable = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "packages", entry.name, "package.json")))
  .map((entry) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "packages", entry.name, "package.json"), "utf8")) as {
      name: string;
      private?: boolean;
    };
    return { dir: entry.name, name: manifest.name, private: manifest.private === true };
  })
  .filter((pkg) => !pkg.private);

const node = (cwd: string, ...args: string[]) =>
  run(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 });

// Packing needs dist/: build first (incremental after the first run), then pack and install as a host would.
describe("the packages install from their tarballs into a project outside the workspace", () => {
  let work: string;
  let host: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "vpp-pack-"));
    const tarballs = join(work, "tarballs");
    host = join(work, "host");
    mkdirSync(host);
    const configs = publishable.map((pkg) => `packages/${pkg.dir}/tsconfig.build.json`);
    await node(ROOT, TSC, "-b", ...configs).catch((error: { stdout?: string }) => {
      // Packing needs a clean build: name the compiler's errors rather than only the command that failed.
      throw new Error(`the packages do not build (pnpm build):\n${error.stdout ?? String(error)}`);
    });
    await run("npx", [...PNPM, "-r", "--filter", "./packages/*", "pack", "--pack-destination", tarballs], {
      cwd: ROOT,
    });
    writeFileSync(join(host, "package.json"), JSON.stringify({ name: "host", private: true }));
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...files], { cwd: host });
    for (const [file, text] of [
      ["esm.mjs", HOST_ESM],
      ["require.cjs", HOST_REQUIRE],
      ["main.mts", HOST_MTS],
      ["main.cts", HOST_CTS],
      ["tsconfig.json", HOST_TSCONFIG],
    ] as const)
      writeFileSync(join(host, file), text);
  }, 420_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("installs every publishable package, each with its LICENSE and a README with no link into the repository", () => {
    expect(publishable.length).toBeGreaterThanOrEqual(8);
    for (const pkg of publishable) {
      const installed = join(host, "node_modules", pkg.name);
      expect(existsSync(join(installed, "dist/index.js")), pkg.name).toBe(true);
      expect(existsSync(join(installed, "LICENSE")), pkg.name).toBe(true);
      const readme = readFileSync(join(installed, "README.md"), "utf8");
      expect(readme, `${pkg.name} README links into the repository`).not.toMatch(/\]\(\.\.\//);
    }
  });

  it("does not install PGlite (an optional peer): opening a PGlite store says to install it", async () => {
    expect(existsSync(join(host, "node_modules/@electric-sql/pglite"))).toBe(false);
    const { stdout } = await node(host, "esm.mjs");
    expect(JSON.parse(stdout)).toEqual({
      ledger: "function",
      audited: 0,
      pglite: "driver-missing",
      exports: 6,
    });
  });

  it("works from require() (Node ≥ 20.19)", async () => {
    const { stdout } = await node(host, "require.cjs");
    expect(JSON.parse(stdout)).toEqual([
      "function",
      "function",
      "function",
      "function",
      "function",
      "function",
      true,
    ]);
  });

  it("type-checks in a TypeScript NodeNext project with skipLibCheck: false, ESM and CommonJS, and runs", async () => {
    await node(host, TSC, "-p", "tsconfig.json");
    const esm = await node(host, "out/main.mjs");
    // `run(["--version"])` prints the version itself, then the script its line.
    expect(esm.stdout.trim().split("\n")).toEqual(["0.1.0", "function 0 function function 0"]);
    const cjs = await node(host, "out/main.cjs");
    expect(cjs.stdout.trim()).toBe("function 0 function function");
  });

  it("installs the vpp-ledger binary", async () => {
    const { stdout } = await node(
      host,
      join(host, "node_modules/@vpp-ledger/cli/bin/vpp-ledger.js"),
      "--version",
    );
    expect(stdout.trim()).toBe("0.1.0");
  });
});
