import { appleAccountId, linkAccount } from "@vpp-ledger/apple-sync";
import type { AppleSide } from "./apple-side.js";
import type { DemoClock } from "./demo-clock.js";
import type { DemoHost } from "./host.js";
import { sealedAway } from "./story-checks.js";
import { by, must, refusalCode, say } from "./story-kit.js";

/** Every form of the location's token: the step-13 check looks for each in the whole log. */
export type TokenForms = ReadonlyArray<string>;

/**
 * Step 2: the admin links the location's token (R1-R3). Without the single-account acknowledgement nothing is
 * stored; with it, the secret goes only into the encrypted vault and the ledger keeps a fingerprint.
 */
export const linkStep = async (
  tenantId: string,
  { host, apple, clock }: { readonly host: DemoHost; readonly apple: AppleSide; readonly clock: DemoClock },
): Promise<TokenForms> => {
  const { ledger, vault } = host;
  clock.set("2026-11-25T09:00:00Z");
  say("2. The admin links the location's token (R1-R3); the secret goes only into the encrypted vault.");
  const upload = {
    tenantId,
    tokenFile: apple.loc.vppTokenFile(),
    tokenName: "Voltaire VPP",
    appleId: "it@voltaire.example",
    at: clock.now(),
  };
  const refused = await linkAccount({ ledger, vault }, { ...upload, acknowledgedSingleAccount: false }, by());
  const stored = await vault.get(appleAccountId(tenantId));
  say(`   without the acknowledgement: ${refusalCode(refused)}; vault: ${stored ? "STORED (bug)" : "empty"}`);
  must(await linkAccount({ ledger, vault }, { ...upload, acknowledgedSingleAccount: true }, by()));
  const link = (await ledger.loadAccount(tenantId)).state.link;
  say(`   linked to ${link?.orgName}; the ledger keeps the fingerprint ${link?.fingerprint.slice(0, 19)}…`);
  const secrets = [upload.tokenFile, apple.loc.sToken];
  say(`   vault: ${await sealedAway(host.vaultRecords, appleAccountId(tenantId), secrets)}`);
  return secrets;
};
