/** Control endpoints for the realistic mode and the location actions: renewal, unlimited, churn, time, counts. */
import type { SimulatorContext } from "../context.js";
import type { ChurnKind } from "../realism/churn.js";
import type { SimLocation, TokenRenewal } from "../sim-location.js";
import type { ControlRoute } from "./control-route.js";

const LOC = "/_sim/locations/([0-9a-f]{12})";

const handleOf = (sim: SimulatorContext, fingerprint: string | undefined): SimLocation =>
  sim.handle(sim.locations.requireFingerprint(fingerprint ?? ""));

/** The routes, appended to the control table. */
export const REALISM_CONTROL_ROUTES: readonly ControlRoute[] = [
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/renew$`),
    run: (sim, [fp], body) => {
      const renewed = handleOf(sim, fp).renewToken(body as TokenRenewal);
      // The caller renews the token, so it gets the new one, as Apple's download would give it.
      return {
        fingerprint: renewed.fingerprint,
        uId: renewed.uId,
        sToken: renewed.sToken,
        vppTokenFile: renewed.vppTokenFile(),
      };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/assets/([^/]+)/unlimited$`),
    run: (sim, [fp, adamId], body) => {
      const { unlimited, totalCount } = body as { unlimited: boolean; totalCount?: number };
      handleOf(sim, fp).setUnlimited(adamId ?? "", unlimited, totalCount);
      return { ok: true };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/churn$`),
    run: (sim, [fp], body) => {
      handleOf(sim, fp).churn((body as { kind?: ChurnKind }).kind);
      return { ok: true };
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/time\/advance$/,
    run: async (sim, _params, body) => {
      await sim.clock.advance((body as { ms: number }).ms);
      return { elapsedMs: sim.clock.elapsedMs() };
    },
  },
  { method: "GET", pattern: /^\/_sim\/request-counts$/, run: (sim) => ({ counts: sim.log.counts() }) },
];
