/** Starts simulators for a test file and closes them after each test. */
import { afterEach } from "vitest";
import { type AppleSimulator, type AppleSimulatorOptions, startAppleSimulator } from "../../src/index.js";
import { clientFor, nextYear, type TestClient } from "./client.js";

/** Registers the cleanup and returns a starter. */
export const useSimulators = (): ((options?: AppleSimulatorOptions) => Promise<AppleSimulator>) => {
  const running: AppleSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return async (options) => {
    const sim = await startAppleSimulator(options);
    running.push(sim);
    return sim;
  };
};

/** A simulator with one location and a client for it. */
export const startWithLocation = async (
  start: (options?: AppleSimulatorOptions) => Promise<AppleSimulator>,
  options?: AppleSimulatorOptions,
) => {
  const sim = await start(options);
  const location = sim.addLocation({ orgName: "ORG.TEST", locationName: "Main", expiresAt: nextYear() });
  const client: TestClient = clientFor(sim, location);
  return { sim, location, client };
};
