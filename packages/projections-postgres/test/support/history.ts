import type { LicenseCommand, VppAccountCommand, VppLedger } from "@vpp-ledger/core";
import { licenseCommandsArb, vppAccountCommandsArb } from "@vpp-ledger/core/testing";
import fc from "fast-check";

/** One command of a scenario, addressed to a tenant's account or pool. */
export type ScenarioCommand =
  | { readonly kind: "account"; readonly tenantId: string; readonly command: VppAccountCommand }
  | {
      readonly kind: "license";
      readonly tenantId: string;
      readonly adamId: string;
      readonly command: LicenseCommand;
    };

const ACCOUNTS = ["acme", "globex"] as const;
const POOLS = [
  ["acme", "100"],
  ["acme", "200"],
  ["globex", "100"],
] as const;

/**
 * Random ledger histories over two tenants and three pools: each stream's commands from core's arbitraries (the
 * real command mix, with times that never go back within a stream), interleaved in a random order.
 */
export const scenarioArb = (maxPerStream = 25): fc.Arbitrary<ScenarioCommand[]> =>
  fc
    .tuple(
      fc.tuple(...ACCOUNTS.map(() => vppAccountCommandsArb({ maxCommands: maxPerStream }))),
      fc.tuple(...POOLS.map(() => licenseCommandsArb({ maxCommands: maxPerStream }))),
      fc.array(fc.nat(ACCOUNTS.length + POOLS.length - 1), { maxLength: 400 }),
    )
    .map(([accounts, pools, order]) => {
      const queues: ScenarioCommand[][] = [
        ...accounts.map((commands, i) =>
          commands.map((command): ScenarioCommand => ({ kind: "account", tenantId: ACCOUNTS[i]!, command })),
        ),
        ...pools.map((commands, i) =>
          commands.map(
            (command): ScenarioCommand => ({
              kind: "license",
              tenantId: POOLS[i]![0],
              adamId: POOLS[i]![1],
              command,
            }),
          ),
        ),
      ];
      const merged: ScenarioCommand[] = [];
      for (const pick of order) {
        const next = queues[pick]?.shift();
        if (next) merged.push(next);
      }
      for (const queue of queues) merged.push(...queue);
      return merged;
    });

/** Runs commands through the ledger (the real deciders); refused ones append nothing, which is part of the mix. */
export const runScenario = async (
  ledger: VppLedger,
  commands: ReadonlyArray<ScenarioCommand>,
  idPrefix: string,
): Promise<void> => {
  for (const [i, step] of commands.entries()) {
    const context = { commandId: `${idPrefix}-${i}`, actor: { kind: "admin" as const, id: "admin-1" } };
    if (step.kind === "account") await ledger.account(step.tenantId, step.command, context);
    else await ledger.license(step.tenantId, step.adamId, step.command, context);
  }
};
