/**
 * Apple delivery at scale (issue 9): 20 locations, 10,000 license assignments in the log, the Apple simulator in
 * realistic mode (operations pending 5–60 s, notifications 1–60 s late, 5 % twice, 5 % never, 1 % each of async 9603,
 * 9644 and 9709), its clock scaled (`TIME_SCALE` simulated ms per real ms; Apple's 15 requests/s per location and
 * every wait of the delivery are scaled alike).
 *
 *   npx tsx --conditions=source bench/delivery.ts
 *
 * Side by side in one run: the batched delivery (`AppleDelivery`: per-location lanes, requests at the live limits,
 * notifications first, status polls as fallback) and the one-at-a-time path (`deliverOutbound`: one association
 * per license, status polled every 30 s until it ends, one event after another for every location). The old path
 * cannot finish 10,000 in minutes: it runs on a smaller log for a time budget and its rate is measured over it.
 *
 * Reported per path: assignments confirmed, simulated minutes, assignments per simulated minute, Apple requests
 * (manage calls, status polls, other), the ideal (the fewest manage requests the limits allow, sent at Apple's
 * rate, plus the longest pending time of 60 s), and the ratios to it. For the batched path also when the first and
 * the last location had all their work confirmed: locations do not wait on one another.
 */
import { pathToFileURL } from "node:url";
import { AppleDelivery, deliverOutbound } from "@vpp-ledger/apple-sync";
import { InMemoryCheckpointStore, InMemoryParkedStreamStore } from "@vpp-ledger/core";
import { buildWorld, type DeliveryWorld, type WorldShape } from "./_delivery-world.js";

/** Simulated ms per real ms. */
export const TIME_SCALE = 20;
const LIMIT_USERS = 1_000; // the simulator's (and Apple's example) maxClientUserIds
const APPLE_RPS = 15;
const LONGEST_PENDING_S = 60;

/** One path's figures. */
export interface DeliveryRow {
  readonly path: "batched" | "one at a time";
  readonly assignments: number;
  readonly confirmed: number;
  readonly refused: number;
  readonly simulatedMinutes: number;
  readonly manageRequests: number;
  readonly statusRequests: number;
  readonly otherRequests: number;
  readonly idealRequests: number;
  readonly idealPerMinute: number;
  /** Simulated seconds until half, 99 % and all of the confirmed assignments were confirmed. */
  readonly confirmedS?: { readonly p50: number; readonly p99: number; readonly all: number };
  /** Simulated seconds of each location's last confirmation: the earliest and the latest location (batched only). */
  readonly firstLocationS?: number;
  readonly lastLocationS?: number;
}

const sum = (counts: Record<string, number>, keep: (key: string) => boolean) =>
  Object.entries(counts).reduce((total, [key, n]) => (keep(key) ? total + n : total), 0);
const isManage = (key: string) => /^POST (assets|users)\//.test(key);
const isStatus = (key: string) => key === "GET status";

const ideal = (shape: WorldShape) => {
  const perLocation = shape.appsPerLocation * Math.ceil(shape.usersPerApp / LIMIT_USERS);
  const seconds = Math.ceil(perLocation / APPLE_RPS) + LONGEST_PENDING_S;
  const assignments = shape.locations * shape.appsPerLocation * shape.usersPerApp;
  return { requests: perLocation * shape.locations, perMinute: assignments / (seconds / 60) };
};

const figures = (world: DeliveryWorld) => {
  const counts = world.sim.requestCounts();
  return {
    manage: sum(counts, isManage),
    status: sum(counts, isStatus),
    other: sum(counts, (key) => !isManage(key) && !isStatus(key)),
  };
};

const batched = async (shape: WorldShape): Promise<DeliveryRow> => {
  const world = await buildWorld(shape);
  const perLocation = shape.appsPerLocation * shape.usersPerApp;
  const finished = new Map<string, number>();
  const confirmations: number[] = [];
  let started = Date.now();
  const settle = (tenantId: string) => {
    const at = ((Date.now() - started) * TIME_SCALE) / 1000;
    finished.set(tenantId, at);
    confirmations.push(at);
  };
  const delivery = new AppleDelivery({
    ledger: world.ledger,
    clientFor: (tenantId) => world.clients.get(tenantId),
    now: () => "2026-06-01T09:00:00.000Z",
    checkpoints: new InMemoryCheckpointStore(),
    parked: new InMemoryParkedStreamStore(),
    batchSize: 2_000,
    pollAfterMs: 30_000 / TIME_SCALE,
    maxPollIntervalMs: 300_000 / TIME_SCALE,
    retryBaseMs: 1_000 / TIME_SCALE,
    retryMaxMs: 300_000 / TIME_SCALE,
    operationTimeoutMs: 3_600_000 / TIME_SCALE,
    onAssociated: ({ tenantId }) => settle(tenantId),
  });
  await world.listen(delivery);
  world.sim.clearLogs();
  const begin = Date.now();
  started = begin;
  await delivery.pass();
  const total = shape.locations * perLocation;
  while (delivery.outstanding > 0 && Date.now() - begin < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = ((Date.now() - begin) * TIME_SCALE) / 1000;
  const requests = figures(world);
  delivery.close();
  await world.close();
  const times = [...finished.values()];
  const at = (q: number) =>
    confirmations[Math.min(confirmations.length - 1, Math.floor(q * confirmations.length))] ?? 0;
  const best = ideal(shape);
  return {
    path: "batched",
    assignments: total,
    confirmed: delivery.counts.delivered,
    refused: delivery.counts.refused,
    simulatedMinutes: seconds / 60,
    manageRequests: requests.manage,
    statusRequests: requests.status,
    otherRequests: requests.other,
    idealRequests: best.requests,
    idealPerMinute: best.perMinute,
    confirmedS: { p50: at(0.5), p99: at(0.99), all: confirmations.at(-1) ?? 0 },
    ...(times.length > 0 ? { firstLocationS: Math.min(...times), lastLocationS: Math.max(...times) } : {}),
  };
};

const oneAtATime = async (shape: WorldShape, budgetMs: number, full: WorldShape): Promise<DeliveryRow> => {
  const world = await buildWorld(shape);
  let confirmed = 0;
  let refused = 0;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), budgetMs);
  world.sim.clearLogs();
  const begin = Date.now();
  const checkpoints = new InMemoryCheckpointStore();
  const parked = new InMemoryParkedStreamStore();
  const deps = {
    ledger: world.ledger,
    clientFor: (tenantId: string) => world.clients.get(tenantId),
    now: () => "2026-06-01T09:00:00.000Z",
    pollIntervalMs: 30_000 / TIME_SCALE,
    operationTimeoutMs: 600_000 / TIME_SCALE,
    onAssociated: () => void confirmed++,
  };
  try {
    while (!abort.signal.aborted) {
      const report = await deliverOutbound(deps, { checkpoints, parked, signal: abort.signal });
      refused += report.refused;
      if (!report.stopped && report.read === 0) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  clearTimeout(timer);
  const seconds = ((Date.now() - begin) * TIME_SCALE) / 1000;
  const requests = figures(world);
  await world.close();
  const best = ideal(full);
  return {
    path: "one at a time",
    assignments: shape.locations * shape.appsPerLocation * shape.usersPerApp,
    confirmed,
    refused,
    simulatedMinutes: seconds / 60,
    manageRequests: requests.manage,
    statusRequests: requests.status,
    otherRequests: requests.other,
    idealRequests: best.requests,
    idealPerMinute: best.perMinute,
  };
};

/** Both paths, batched first. */
export const run = async (budgetMs = 45_000): Promise<DeliveryRow[]> => {
  const full: WorldShape = {
    locations: 20,
    appsPerLocation: 5,
    usersPerApp: 100,
    timeScale: TIME_SCALE,
    seed: 1,
  };
  const small: WorldShape = { ...full, usersPerApp: 5 };
  return [await batched(full), await oneAtATime(small, budgetMs, full)];
};

const table = (header: ReadonlyArray<string>, lines: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((title, c) =>
    Math.max(title.length, ...lines.map((line) => (line[c] ?? "").length)),
  );
  const format = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};

/** The table the script prints. */
export const formatTable = (rows: ReadonlyArray<DeliveryRow>): string =>
  table(
    [
      "path",
      "in log",
      "confirmed",
      "refused",
      "sim min",
      "per sim min",
      "manage req",
      "status req",
      "other req",
      "ideal req",
      "ideal / manage req",
      "rate / ideal",
      "confirmed p50 / p99 / all (sim s)",
      "last confirmation per location, first–last (sim s)",
    ],
    rows.map((r) => {
      const perMinute = r.confirmed / r.simulatedMinutes;
      return [
        r.path,
        String(r.assignments),
        String(r.confirmed),
        String(r.refused),
        r.simulatedMinutes.toFixed(1),
        perMinute.toFixed(1),
        String(r.manageRequests),
        String(r.statusRequests),
        String(r.otherRequests),
        String(r.idealRequests),
        r.path === "batched" ? (r.idealRequests / r.manageRequests).toFixed(2) : "",
        (perMinute / r.idealPerMinute).toPrecision(2),
        r.confirmedS === undefined
          ? ""
          : `${r.confirmedS.p50.toFixed(0)} / ${r.confirmedS.p99.toFixed(0)} / ${r.confirmedS.all.toFixed(0)}`,
        r.firstLocationS === undefined ? "" : `${r.firstLocationS.toFixed(0)}–${r.lastLocationS?.toFixed(0)}`,
      ];
    }),
  );

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  console.log(
    `Simulated clock: ${TIME_SCALE} simulated ms per real ms (Apple's 15 requests/s, pending 5–60 s, notification ` +
      "delays, polls and retries all scaled alike). Ideal: the fewest manage requests the live limits allow " +
      `(maxClientUserIds ${LIMIT_USERS}) at 15/s per location, plus the longest pending time (${LONGEST_PENDING_S} s).`,
  );
  console.log(formatTable(rows));
  process.exit(0);
}
