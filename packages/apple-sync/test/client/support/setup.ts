import {
  type AppleSimulator,
  type AppleSimulatorOptions,
  startAppleSimulator,
} from "@vpp-ledger/apple-simulator";
import { afterEach } from "vitest";
import {
  type AppleClient,
  type AppleClientOptions,
  createAppleClient,
  createVirtualClock,
  InMemoryTokenVault,
  type VirtualClock,
} from "../../../src/index.js";

/** This server's identity in tests. */
export const OUR_MDM = {
  id: "vpp-ledger-test-0001",
  name: "vpp-ledger tests",
  metadata: "tests.example.com",
};
/** Another product's identity. */
export const OTHER_MDM = { id: "other-mdm-7f3e", name: "Other MDM", metadata: "other.example.net" };

const running: AppleSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** A simulator closed after the test. */
export const simulator = async (options?: AppleSimulatorOptions): Promise<AppleSimulator> => {
  const sim = await startAppleSimulator(options);
  running.push(sim);
  return sim;
};

/** Everything most tests need: a simulator, one location, its token in a vault, and a client factory. */
export interface Harness {
  readonly sim: AppleSimulator;
  readonly location: ReturnType<AppleSimulator["addLocation"]>;
  readonly vault: InMemoryTokenVault;
  /** The `.vpptoken` content stored in the vault: the sToken the client sends. */
  readonly sToken: string;
  readonly clock: VirtualClock;
  /** A client on the real clock. */
  client(options?: Partial<AppleClientOptions>): AppleClient;
  /** A client on the virtual clock: waits take no wall time and are recorded in `clock.sleeps`. */
  virtualClient(options?: Partial<AppleClientOptions>): AppleClient;
}

/** Starts a simulator with one location whose token is stored in an in-memory vault under `acct-1`. */
export const harness = async (options?: AppleSimulatorOptions): Promise<Harness> => {
  const sim = await simulator(options);
  const location = sim.addLocation({ orgName: "Example School", expiresAt: "2030-01-01T00:00:00Z" });
  const vault = new InMemoryTokenVault();
  const sToken = location.vppTokenFile();
  await vault.put("acct-1", sToken);
  const clock = createVirtualClock(Date.now());
  const base = { vault, accountId: "acct-1", baseUrl: sim.baseUrl };
  return {
    sim,
    location,
    vault,
    sToken,
    clock,
    client: (extra) => createAppleClient({ ...base, ...extra }),
    virtualClient: (extra) => createAppleClient({ ...base, clock, ...extra }),
  };
};

/** Collects every item of a paged read. */
export const collect = async <T>(
  pages: AsyncIterable<{ readonly items: ReadonlyArray<T> }>,
): Promise<T[]> => {
  const items: T[] = [];
  for await (const page of pages) items.push(...page.items);
  return items;
};

/** Every page of a paged read (Node 20 has no `Array.fromAsync`). */
export const pagesOf = async <P>(pages: AsyncIterable<P>): Promise<P[]> => {
  const all: P[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

/** The rejection of a promise (fails the test if it resolves). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
};

/** API requests the simulator served on one path. */
export const requestsTo = (sim: AppleSimulator, path: string) => sim.requests.filter((r) => r.path === path);
