import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type AppleApiError,
  type ClientObservation,
  createNotificationHandler,
  ledgerNotificationHandlers,
  REDACTED,
  type SyncOutcome,
  syncAccount,
  UNTRUSTED_TEXT_MAX,
} from "../../src/index.js";
import { secretLeaks } from "../../src/untrusted/leaks.test-support.js";
import { install, linked } from "./support/flows.js";
import { right, type SyncHarness, TENANT, typesOf } from "./support/harness.js";
import { accountCommand, inviteInLedger } from "./support/ledger-fixtures.js";
import { listenForNotifications, NOTIFICATION_TOKEN } from "./support/notification-server.js";
import { outboundFor } from "./support/outbound.js";
import { seeded } from "./support/scenario.js";

/*
 * R24, text from Apple is untrusted: the content token planted in every field Apple (or another MDM through
 * Apple) controls, in every form, over real HTTP, must reach no stored event, observation, error message
 * or stack. The leak detector looks for any 16-character piece of the token and of its encodings.
 */

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** The token as an Apple field might carry it, in each form. */
const plantings = (h: SyncHarness): Readonly<Record<string, string>> => {
  const file = h.loc.vppTokenFile();
  const inner = h.loc.sToken;
  return {
    exact: `bad token ${inner}`,
    "the whole .vpptoken": `Bearer ${file}`,
    "URL-encoded": `token=${encodeURIComponent(file)}`,
    "form-encoded": new URLSearchParams({ token: inner }).toString(),
    "split by whitespace": inner.match(/.{1,8}/g)?.join(" ") ?? inner,
    "a 30-character prefix": `starts ${inner.slice(0, 30)}`,
    base64: base64(`Bearer ${inner}`),
  };
};

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** Every way a value can be shown: inspect (with causes and stacks) and JSON; errors also as text and stack. */
const render = (value: unknown): string =>
  value instanceof Error
    ? [
        String(value),
        value.stack ?? "",
        inspect(value, { depth: 10 }),
        JSON.stringify(value, Object.getOwnPropertyNames(value)),
      ].join("\n")
    : `${inspect(value, { depth: 10 })}\n${JSON.stringify(value, bigints)}`;

/** Every stored event, data and metadata, as read back from the store. */
const stored = async (h: SyncHarness): Promise<string> => {
  const all: unknown[] = [];
  for await (const recorded of h.store.readAll()) all.push(recorded);
  return JSON.stringify(all, bigints);
};

const expectNoLeak = (h: SyncHarness, ...texts: ReadonlyArray<string>) =>
  expect(secretLeaks(texts.join("\n"), [h.loc.vppTokenFile(), h.loc.sToken])).toEqual([]);

const causeOf = (outcome: SyncOutcome): unknown => (outcome.status === "failed" ? outcome.cause : undefined);

const observing = (h: SyncHarness) => {
  const observed: ClientObservation[] = [];
  const client = h.newClient({ observer: (observation) => void observed.push(observation) });
  return { observed, deps: { ...h.deps, client } };
};

const syncOnce = async (deps: SyncHarness["deps"], syncId: string) =>
  right(await syncAccount(deps, { tenantId: TENANT, syncId, trigger: "manual", at: deps.now() }));

describe("text from Apple is untrusted (R24)", () => {
  it("R24: Apple's errorMessage carrying the token, in any form, reaches no event, observation or error", async () => {
    const h = await seeded();
    const { observed, deps } = observing(h);
    const outcomes: SyncOutcome[] = [];

    for (const [index, text] of Object.values(plantings(h)).entries()) {
      h.sim.injectFault({ kind: "http-200-error", path: "assets", errorNumber: 9602, errorMessage: text });
      const outcome = await syncOnce(deps, `sync-${index}`);
      expect(outcome).toMatchObject({ status: "failed", failure: { code: "invalid-request" } });
      // Apple's words did reach the client: scrubbed, not dropped.
      expect((causeOf(outcome) as AppleApiError).errorMessage).toContain(REDACTED);
      outcomes.push(outcome);
    }
    // Retried answers too: each attempt's text goes through the same scrubber.
    h.sim.injectFault({
      kind: "unavailable",
      path: "users",
      times: 50,
      retryAfterSeconds: 0,
      errorMessage: plantings(h).exact ?? "",
    });
    const unavailable = await syncOnce(deps, "sync-retried");
    expect(unavailable).toMatchObject({ status: "failed", failure: { code: "unavailable" } });
    outcomes.push(unavailable);

    expect(typesOf(await h.events()).filter((type) => type === "SyncFailed")).toHaveLength(outcomes.length);
    expectNoLeak(
      h,
      await stored(h),
      render(observed),
      ...outcomes.map(render),
      ...outcomes.map(causeOf).map(render),
    );
  });

  const holders: ReadonlyArray<
    readonly [string, (h: SyncHarness) => { id: string; name: string; metadata: string }]
  > = [
    [
      "exact id, URL-encoded name, base64 metadata",
      (h) => ({
        id: `mdm-${h.loc.sToken}`,
        name: encodeURIComponent(h.loc.vppTokenFile()),
        metadata: base64(h.loc.sToken),
      }),
    ],
    [
      "30-character prefix as id, the token split by whitespace as name, the token file as metadata",
      (h) => ({
        id: h.loc.sToken.slice(0, 30),
        name: h.loc.sToken.match(/.{1,8}/g)?.join(" ") ?? "",
        metadata: h.loc.vppTokenFile(),
      }),
    ],
    [
      "a kilobyte of name ending in the token, an id of control characters around it",
      (h) => ({
        id: `\u0000${h.loc.sToken}\u202E`,
        name: `${"n".repeat(1_000)}${h.loc.sToken}`,
        metadata: "",
      }),
    ],
  ];

  for (const [planted, holder] of holders) {
    it(`R24, R6: another MDM's mdmInfo carrying the token (${planted}) is scrubbed wherever it goes`, async () => {
      const h = await seeded();
      const { observed, deps } = observing(h);
      h.loc.setMdmInfo(holder(h));

      const outcome = await syncOnce(deps, "sync-1");
      const claimed = await deps.client.claimLocation().catch((error: unknown) => error);
      const ownership = await deps.client.inspectOwnership();
      const config = await h.newClient({ mdmInfo: undefined }).getClientConfig();

      expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
      expect(claimed).toMatchObject({ code: "mdm-conflict" });
      expect(ownership.state).toBe("other");
      const claim = (await h.events()).find((e) => e.event.type === "LocationClaimedByOtherMdm");
      if (claim?.event.type !== "LocationClaimedByOtherMdm") throw new Error("no LocationClaimedByOtherMdm");
      const { mdmId, mdmName } = claim.event.data;
      expect(mdmId.length).toBeLessThanOrEqual(UNTRUSTED_TEXT_MAX);
      expect(mdmName.length).toBeLessThanOrEqual(UNTRUSTED_TEXT_MAX);
      expect(`${mdmId} ${mdmName}`).toContain(REDACTED);
      expectNoLeak(
        h,
        await stored(h),
        render(observed),
        render(outcome),
        render(causeOf(outcome)),
        render(claimed),
        render(ownership),
        render(config),
      );
    });
  }

  it("R24, R8: an mdm-conflict found mid-sync carrying the token is scrubbed in the event, the error and the observer", async () => {
    const h = await seeded();
    const { observed, deps } = observing(h);
    const other = { id: `other ${h.loc.sToken}`, name: plantings(h)["URL-encoded"] ?? "", metadata: "m" };
    const off = h.sim.onRequest((request) => {
      if (request.path === "assets") h.loc.setMdmInfo(other);
    });

    const outcome = await syncOnce(deps, "sync-1");
    off();

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
    expect(observed.filter((event) => event.type === "mdm-conflict")).toHaveLength(1);
    expect(typesOf(await h.events()).slice(-2)).toEqual(["LocationClaimedByOtherMdm", "SyncFailed"]);
    expect(deps.client.ownershipConflict?.holder.id).toContain(REDACTED);
    expectNoLeak(
      h,
      await stored(h),
      render(observed),
      render(outcome),
      render(deps.client.ownershipConflict),
    );
  });

  /** Two users of ours holding a license of app 100 in the ledger, while Apple has none left. */
  const refusedScenario = async () => {
    const h = await linked();
    h.loc.setTotalCount("100", 0, { notify: false });
    for (const userId of ["u-1", "u-2"]) {
      h.loc.addForeignUser({ clientUserId: userId, status: "Associated" });
      await inviteInLedger(h, userId);
      await accountCommand(h, { type: "AcceptTerms", data: { userId, at: h.clock.now() } });
      await install(h, "100", userId);
    }
    return h;
  };

  it("R24, R16: Apple's errorMessage in async failures and synchronous refusals never reaches InstallFailed", async () => {
    const h = await refusedScenario();
    const words = plantings(h);
    h.loc.setErrorMessage(9709, `${words["the whole .vpptoken"]} ${words["URL-encoded"]}`);
    h.sim.injectFault({
      kind: "http-200-error",
      path: "assets/associate",
      errorNumber: 9602,
      errorMessage: words["split by whitespace"] ?? "",
    });
    const out = outboundFor(h);

    const report = await out.deliver();
    const [operation] = await h.client.associateAssets({
      assets: [{ adamId: "100" }],
      clientUserIds: ["u-1"],
    });
    const status = await h.client.waitForOperation(operation?.operationId ?? "", { pollIntervalMs: 2 });

    expect(report).toMatchObject({ refused: 2 });
    expect(typesOf(await h.events()).filter((type) => type === "InstallFailed")).toHaveLength(2);
    expect(status.failures?.[0]?.errorMessage).toContain(REDACTED);
    expectNoLeak(h, await stored(h), render(report), render(out.undeliverable), render(status));
  });

  it("R24, R16: a notification carrying the token (errorMessage, eventId, notificationId) reaches no event", async () => {
    const h = await refusedScenario();
    const answered = await listenForNotifications(h);
    h.loc.setErrorMessage(9709, plantings(h)["the whole .vpptoken"] ?? "");

    // Over HTTP from the simulator: the refusal's ASSET_MANAGEMENT carries the planted errorMessage.
    await h.client.associateAssets({ assets: [{ adamId: "100" }], clientUserIds: ["u-1"] });
    await h.sim.settle();
    // And a notification whose ids Apple filled with pieces of the token.
    const errors: unknown[] = [];
    const handle = createNotificationHandler({
      authToken: NOTIFICATION_TOKEN,
      ...ledgerNotificationHandlers(h.ledger, TENANT, { client: h.client, now: h.clock.now }),
      onError: (error, envelope) => void errors.push(error, envelope),
    });
    const inner = h.loc.sToken;
    const crafted = await handle({
      headers: { authorization: `Bearer ${NOTIFICATION_TOKEN}` },
      body: JSON.stringify({
        notificationId: `n-${inner.slice(0, 40)}`,
        notificationType: "ASSET_MANAGEMENT",
        uId: "1",
        notification: {
          eventId: inner.slice(10, 50),
          result: "FAILURE",
          type: "ASSOCIATE",
          assignments: [{ adamId: "100", clientUserId: "u-2" }],
          error: { errorNumber: 9709, errorMessage: `no licenses for ${encodeURIComponent(inner)}` },
        },
      }),
    });

    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((code) => code === 200)).toBe(true);
    expect(crafted.status).toBe(200);
    expect(typesOf(await h.events()).filter((type) => type === "InstallFailed")).toHaveLength(2);
    expectNoLeak(h, await stored(h), render(errors));
  });
});
