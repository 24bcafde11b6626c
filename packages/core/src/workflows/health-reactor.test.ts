import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { LicenseCommand } from "../license/commands.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { makeVppToken } from "../testing/tokens.js";
import type { HealthAlert } from "./health-alerts.js";
import { HealthReactor } from "./health-reactor.js";
import { createVppLedger } from "./ledger.js";

const at = (day: number, h = 9) =>
  `2026-11-${String(day).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z`;
let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: { kind: "admin" as const } });
const ok = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

/** Runs until the reactor has seen what it recorded itself (a crossing is recorded, then alerted). */
const settle = async (reactor: HealthReactor) => {
  await reactor.run();
  await reactor.run();
};

const setUp = async (thresholdPercent?: number) => {
  const store = new InMemoryEventStore();
  const ledger = createVppLedger({ store });
  const alerts: HealthAlert[] = [];
  const reactor = new HealthReactor(ledger, store, new InMemoryCheckpointStore(), {
    ...(thresholdPercent === undefined ? {} : { thresholdPercent }),
    onAlert: (alert) => {
      alerts.push(alert);
    },
  });
  const pool = async (...commands: LicenseCommand[]) => {
    for (const command of commands) ok(await ledger.license("acme", "111", command, ctx()));
    await settle(reactor);
  };
  const assign = (userId: string): LicenseCommand => ({
    type: "AssignLicense",
    data: { userId, termsAccepted: true, at: at(2) },
  });
  const reclaim = (userId: string): LicenseCommand => ({
    type: "ReclaimLicense",
    data: { userId, reason: "app-uninstalled", at: at(3) },
  });
  await pool(
    { type: "SyncPurchasedCount", data: { purchased: 10, at: at(1) } },
    { type: "DeployApp", data: { action: "required", at: at(1) } },
  );
  return { store, ledger, reactor, alerts, pool, assign, reclaim };
};

const levels = (alerts: HealthAlert[]) =>
  alerts.flatMap((alert) =>
    alert.kind === "pool-usage" ? [`${alert.previous}→${alert.level}@${alert.assigned}`] : [],
  );

describe("HealthReactor (R23)", () => {
  it("R23: a pool crossing 90% and running out is alerted once per crossing, and re-armed once back below", async () => {
    const { alerts, pool, assign, reclaim } = await setUp();
    await pool(...Array.from({ length: 8 }, (_, i) => assign(`u${i}`)));
    expect(levels(alerts)).toEqual([]);
    await pool(assign("u8"));
    await pool(assign("u8"), {
      type: "RecordInstallFailure",
      data: { userId: "x", reason: { code: "c", message: "m" }, at: at(2) },
    });
    expect(levels(alerts)).toEqual(["normal→threshold@9"]);
    await pool(assign("u9"));
    await pool(reclaim("u9"), reclaim("u8"));
    await pool(assign("u8"));
    expect(levels(alerts)).toEqual([
      "normal→threshold@9",
      "threshold→exhausted@10",
      // Both reclaims landed before the reactor acted: the level is recorded as the pool stands then.
      "exhausted→normal@8",
      "normal→threshold@9",
    ]);
  });

  it("R23: the threshold is configurable, and a refund that empties the pool is alerted as exhausted", async () => {
    const { alerts, pool, assign } = await setUp(50);
    await pool(assign("u1"), assign("u2"), assign("u3"), assign("u4"), assign("u5"));
    await pool({ type: "SyncPurchasedCount", data: { purchased: 5, at: at(4) } });
    expect(levels(alerts)).toEqual(["normal→threshold@5", "threshold→exhausted@5"]);
    expect(
      () =>
        new HealthReactor({} as never, {} as never, {} as never, { thresholdPercent: 0, onAlert: () => {} }),
    ).toThrow(RangeError);
  });

  it("R23: token expiring within 30 days, within 15, expired and revoked are distinct alerts, once each", async () => {
    const { ledger, reactor, alerts } = await setUp();
    const token = makeVppToken({ expDate: "2026-12-01T09:00:00+0000" });
    const upload = { token, tokenName: "t", appleId: "a@b.c", acknowledgedSingleAccount: true, at: at(5) };
    ok(await ledger.account("acme", { type: "UploadToken", data: upload }, ctx()));
    await settle(reactor);
    for (const [syncId, day] of [
      ["s1", 6],
      ["s2", 20],
      ["s3", 21],
    ] as const) {
      ok(
        await ledger.account(
          "acme",
          { type: "RequestSync", data: { syncId, trigger: "schedule", at: at(day) } },
          ctx(),
        ),
      );
      ok(
        await ledger.account(
          "acme",
          { type: "FailSync", data: { syncId, error: { code: "x", message: "y" }, at: at(day, 10) } },
          ctx(),
        ),
      );
      await settle(reactor);
    }
    ok(await ledger.account("acme", { type: "RecordTokenRevoked", data: { at: at(22) } }, ctx()));
    await settle(reactor);
    const health = alerts.flatMap((alert) =>
      alert.kind === "token-health" ? [`${alert.previous}→${alert.health}`] : [],
    );
    expect(health).toEqual(["ok→expiring-30d", "expiring-30d→expiring-15d", "expiring-15d→revoked"]);
  });
});
