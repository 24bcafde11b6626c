/**
 * Replay benchmark: how fast a License pool with 100,000 users is rebuilt from its events.
 *
 *   npx tsx --conditions=source bench/replay.ts
 *
 * Ways to apply the same valid assign/reclaim history:
 * - `License.fold`: the decider's batch fold, what the command handler and projections use;
 * - immer: `produce` with one draft for the whole batch, how `License.fold` worked before this benchmark;
 * - floor: a plain mutable loop over a Map, the least any replay can cost;
 * - naive evolve: `License.evolve` once per event, each call copying the 100k-holder state.
 * Each case runs several times, interleaved with the others, after a warm-up and with a full GC before each run.
 * Ratios and events/s use the best CPU time (user + system of this process): on a shared machine other processes
 * disturb CPU time far less than wall time, and the best run least of all. Medians are shown too.
 */
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  applyLicenseEvent,
  initialLicenseState,
  License,
  type LicenseEvent,
  type LicenseState,
} from "@vpp-ledger/core";
import { produce } from "immer";

const USERS = 100_000;
const SIZES = [1_000_000, 2_000_000] as const;
const NAIVE_EVENTS = 200;
const RUNS = 9;

/** One row of the result table. */
export interface ReplayRow {
  readonly case: string;
  readonly events: number;
  /** Best (lowest) CPU time (user + system) in ms: the least disturbed run. */
  readonly cpuBestMs: number;
  /** Median CPU time in ms. */
  readonly cpuMs: number;
  /** Median wall time in ms. */
  readonly wallMs: number;
  readonly eventsPerSecond: number;
  /** Time of this case at 2M events over its time at 1M (linear replay: about 2). */
  readonly ratio2MTo1M: number | null;
  /** Time over the floor's time for the same events. */
  readonly ratioToFloor: number | null;
}

// A full GC before each run keeps one run's garbage out of the next one's time.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Deterministic PRNG (mulberry32): the same history on every run and machine. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

/**
 * A valid pool history: Apple's count (one license per user), a required deployment, every user assigned once,
 * then random users toggled (reclaimed if holding, assigned if not), so R13 and R16 hold at every event.
 */
export const poolHistory = (count: number, users = USERS): LicenseEvent[] => {
  const next = random(20_261_125);
  const ids = Array.from({ length: users }, (_, i) => `user-${String(i).padStart(6, "0")}`);
  const holding = new Uint8Array(users);
  const start = Date.UTC(2026, 0, 1);
  let at = new Date(start).toISOString();
  const events: LicenseEvent[] = [
    { type: "PurchasedCountSynced", data: { purchased: users, previous: 0, at } },
    { type: "AppDeployed", data: { action: "required", at } },
  ];
  for (let i = 0; events.length < count; i++) {
    if (i % 1_000 === 0) at = new Date(start + i * 1_000).toISOString();
    const user = i < users ? i : Math.floor(next() * users);
    const userId = ids[user] ?? "";
    const holds = holding[user] === 1;
    events.push(
      holds
        ? { type: "LicenseReclaimed", data: { userId, reason: "app-uninstalled", at } }
        : { type: "LicenseAssigned", data: { userId, at } },
    );
    holding[user] = holds ? 0 : 1;
  }
  return events;
};

/** The floor: the same replay as a plain mutable loop, no immutability at all. */
export const mutableReplay = (events: ReadonlyArray<LicenseEvent>): LicenseState => {
  let purchased = 0;
  let deployment: LicenseState["deployment"] = null;
  const holders = new Map<string, string>();
  let assignments = 0;
  let reclaims = 0;
  for (const event of events) {
    if (event.type === "LicenseAssigned") {
      holders.set(event.data.userId, event.data.at);
      assignments++;
    } else if (event.type === "LicenseReclaimed") {
      holders.delete(event.data.userId);
      reclaims++;
    } else if (event.type === "PurchasedCountSynced") purchased = event.data.purchased;
    else if (event.type === "AppDeployed") deployment = event.data.action;
  }
  // The fields this floor does not fold (pool metadata, device holders) keep their initial values.
  return { ...initialLicenseState, purchased, deployment, holders, assignments, reclaims };
};

type Timing = { readonly cpu: number; readonly cpuBest: number; readonly wall: number };
const MISSING: Timing = { cpu: Number.NaN, cpuBest: Number.NaN, wall: Number.NaN };

const median = (values: number[]): number => {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
};

/** CPU and wall time of one run of `task`, after a full GC. */
const clock = (task: () => unknown): Timing => {
  gc();
  const before = process.cpuUsage();
  const started = performance.now();
  task();
  const wall = performance.now() - started;
  const used = process.cpuUsage(before);
  const cpu = (used.user + used.system) / 1_000;
  return { cpu, cpuBest: cpu, wall };
};

/**
 * Times every task `runs` times after one unmeasured warm-up each. Runs are interleaved (task 1, 2, 3, then
 * again) so that noise from other processes spreads over all tasks instead of landing on one.
 */
const measureAll = (tasks: ReadonlyArray<() => unknown>, runs = RUNS): Timing[] => {
  for (const task of tasks) task();
  const times = tasks.map((): Timing[] => []);
  for (let run = 0; run < runs; run++) {
    tasks.forEach((task, index) => {
      times[index]?.push(clock(task));
    });
  }
  return times.map((list) => ({
    cpu: median(list.map((t) => t.cpu)),
    cpuBest: Math.min(...list.map((t) => t.cpu)),
    wall: median(list.map((t) => t.wall)),
  }));
};

/** The fold as it was before this benchmark: one immer draft for the whole batch, holders in a plain Map. */
const immerFold = (state: LicenseState, events: ReadonlyArray<LicenseEvent>): LicenseState =>
  produce({ ...state, holders: new Map(state.holders) } as LicenseState, (draft) => {
    for (const event of events) applyLicenseEvent(draft, event);
  });

const row = (name: string, events: number, time: Timing, extra: Partial<ReplayRow> = {}): ReplayRow => ({
  case: name,
  events,
  cpuBestMs: time.cpuBest,
  cpuMs: time.cpu,
  wallMs: time.wall,
  eventsPerSecond: Math.round((events / time.cpuBest) * 1_000),
  ratio2MTo1M: null,
  ratioToFloor: null,
  ...extra,
});

const format = (rows: ReadonlyArray<ReplayRow>): string => {
  const header = [
    "case",
    "events",
    "best cpu ms",
    "median cpu ms",
    "median wall ms",
    "events/s",
    "2M/1M",
    "x floor",
  ];
  const cells = rows.map((r) => [
    r.case,
    r.events.toLocaleString("en-US"),
    ...[r.cpuBestMs, r.cpuMs, r.wallMs].map((ms) => ms.toFixed(1)),
    r.eventsPerSecond.toLocaleString("en-US"),
    ...[r.ratio2MTo1M, r.ratioToFloor].map((ratio) => (ratio === null ? "" : ratio.toFixed(2))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: ReadonlyArray<string>) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
};

const FLOOR = "floor: mutable loop over a Map";
const CASES: ReadonlyArray<readonly [string, (events: ReadonlyArray<LicenseEvent>) => unknown]> = [
  ["License.fold", (events) => License.fold(License.initialState, events)],
  ["immer produce, one draft (previous fold)", (events) => immerFold(License.initialState, events)],
  [FLOOR, (events) => mutableReplay(events)],
];

/** Runs the replay benchmark, prints its table and returns its rows. */
export const run = (): ReplayRow[] => {
  const history = poolHistory(Math.max(...SIZES));
  const slices = SIZES.map((size) => history.slice(0, size));
  const flat = measureAll(
    slices.flatMap((events) =>
      CASES.map(
        ([, replay]) =>
          () =>
            replay(events),
      ),
    ),
  );
  const timing = (size: number, name: string) =>
    flat[size * CASES.length + CASES.findIndex(([n]) => n === name)] ?? MISSING;
  const rows = SIZES.flatMap((size, index) =>
    CASES.map(([name]) => {
      const time = timing(index, name);
      return row(name, size, time, {
        ratio2MTo1M: index === 0 ? null : time.cpuBest / timing(0, name).cpuBest,
        ratioToFloor: name === FLOOR ? null : time.cpuBest / timing(index, FLOOR).cpuBest,
      });
    }),
  );
  // Naive replay starts from a full pool: each evolve copies (and freezes) the 100k holders again.
  const full = License.fold(License.initialState, history.slice(0, USERS + 2));
  const tail = history.slice(USERS + 2, USERS + 2 + NAIVE_EVENTS);
  const naive = clock(() => tail.reduce(License.evolve, full));
  const [batched = naive] = measureAll([() => License.fold(full, tail)]);
  rows.push(row(`License.evolve per event, ${USERS / 1_000}k holders`, NAIVE_EVENTS, naive));
  rows.push(row("License.fold of the same events", NAIVE_EVENTS, batched));
  console.log(
    `License replay: ${USERS.toLocaleString("en-US")} users, ${RUNS} runs per case, node ${process.version}\n`,
  );
  console.log(format(rows));
  const slower = (naive.cpuBest / batched.cpuBest).toFixed(0);
  console.log(
    `\nPer-event evolve is ${slower}x slower than one fold of the same ${NAIVE_EVENTS} events: replay in batches.`,
  );
  return rows;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
