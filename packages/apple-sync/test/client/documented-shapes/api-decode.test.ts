import { describe, expect, it } from "vitest";
import { decodeResponse } from "../../../src/client/codecs/decode.js";
import type { ClientConfigResponse, GetAssetsResponse, ServiceConfigResponse } from "../../../src/index.js";
import {
  countedAsset,
  type GetAssignmentsResponse,
  type GetUsersResponse,
  MissingFieldError,
  requireField,
  type StatusResponse,
  toServiceConfig,
} from "../../../src/index.js";
import { codecOf } from "./codecs.js";
import { type DocumentedFixture, documentedFixture, documentedFixtures, jsonOf } from "./fixtures.js";

const APPLE_UID = "2049025000431439";
const APPLE_EXPIRY = "2030-11-08T22:33:22+0000";
const api = documentedFixtures("api");
const decode = <A>(fixture: DocumentedFixture): A =>
  decodeResponse(codecOf(fixture), jsonOf(fixture), { endpoint: fixture.endpoint }) as A;
const named = <A>(name: string): A => decode<A>(documentedFixture("api", name));

describe("Apple's documented API bodies, decoded by the client's codecs", () => {
  it("every fixture names its source and endpoint; every JSON body decodes", () => {
    expect(api.length).toBeGreaterThanOrEqual(40);
    for (const fixture of api) {
      expect(fixture.source, fixture.name).toMatch(/^(https:\/\/developer\.apple\.com\/|[\w-]+\/[\w-]+:)/);
      expect(fixture.endpoint, fixture.name).toMatch(/^(GET|POST) [a-z/]+$/);
      if (jsonOf(fixture) === undefined) continue;
      expect(() => decode(fixture), fixture.name).not.toThrow();
    }
  });

  it("service/config: the live limits the batching reads, the error codes and the URLs", () => {
    const config = toServiceConfig(named<ServiceConfigResponse>("apple-service-config"));
    expect(config.limits).toMatchObject({ maxAssets: 25, maxUsers: 100, maxClientUserIds: 1000 });
    expect(config.limits).toMatchObject({ maxSerialNumbers: 1000, maxRequestPerSecond: 15 });
    expect(config.errorCodes.map((code) => code.errorNumber)).toEqual(expect.arrayContaining([9709, 9716]));
    expect(config.errorCodes).toHaveLength(38);
    expect(config.urls.getAssets).toBe("https://vpp.itunes.apple.com/mdm/v2/assets");
    // Apple's guide omits maxRequestPerSecond and errorCodes: the documented defaults fill in.
    const partial = toServiceConfig(named<ServiceConfigResponse>("apple-service-config-setting-up"));
    expect(partial.limits.maxRequestPerSecond).toBe(15);
    expect(partial.errorCodes).toEqual([]);
  });

  it("client/config: the location's uId, expiry and owner, from Apple, Zentral and Apple's guide", () => {
    const apple = named<ClientConfigResponse>("apple-client-config-get");
    expect(apple).toMatchObject({ uId: APPLE_UID, tokenExpirationDate: APPLE_EXPIRY, locationName: "PS01" });
    expect(apple.mdmInfo?.id).toBe("522d5c43-44ca-4f7e-ba7a-53570cf60765");
    expect(named<ClientConfigResponse>("apple-client-config-post")).toEqual(apple);
    const zentral = named<ClientConfigResponse>("zentral-client-config");
    expect(zentral).toMatchObject({ uId: "981060278089131045", defaultPlatform: "enterprisestore" });
    expect(zentral.subscribedNotificationTypes).toEqual(["ASSET_COUNT", "ASSET_MANAGEMENT"]);
    const guide = named<ClientConfigResponse>("setup-client-config-post");
    expect(guide).toMatchObject({ uId: APPLE_UID, mdmInfo: { name: "My MDM Server" } });
    expect(guide.locationName).toBeUndefined();
  });

  it("client/config with only locationName (Fleet's recording) decodes; asking for its uId is explained", () => {
    const fleet = named<ClientConfigResponse>("fleet-client-config-location-only");
    expect(fleet).toEqual({ locationName: "Test Location" });
    const missing = (() => {
      try {
        requireField(fleet.uId, "uId", "GET client/config", "identifying the location");
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(MissingFieldError);
    expect(missing).toMatchObject({ code: "malformed-response", path: "uId", retryable: false });
  });

  it("assets: each asset is a pool keyed by (adamId, pricingParam) with its counts and platforms", () => {
    const page = named<GetAssetsResponse>("apple-get-assets");
    const assets = (page.assets ?? []).map((asset) => countedAsset(asset, "GET assets"));
    expect(assets.map((asset) => asset.adamId)).toEqual([
      "408709785",
      "377298193",
      "361309726",
      "361304891",
      "361285480",
    ]);
    for (const asset of assets) {
      expect(asset).toEqual({
        ...asset,
        pricingParam: "STDQ",
        purchased: 15000,
        assigned: 5000,
        supportedPlatforms: ["iOS"],
        deviceAssignable: true,
      });
    }
    expect(page).toMatchObject({
      versionId: "70e8c740-514c-11eb-bb63-a90b882fcd52",
      totalPages: 1,
      uId: APPLE_UID,
    });
    const guide = countedAsset(named<GetAssetsResponse>("setup-get-assets").assets?.[0] ?? {}, "GET assets");
    expect(guide).toMatchObject({ adamId: "361309726", purchased: 25, assigned: 0 });
    // The WWDC slide leaves out the platforms, the device flag and the versionId: all optional.
    const slide = named<GetAssetsResponse>("wwdc21-get-assets");
    expect(countedAsset(slide.assets?.[0] ?? {}, "GET assets")).toMatchObject({ purchased: 15000 });
    expect(countedAsset(slide.assets?.[0] ?? {}, "GET assets").supportedPlatforms).toBeUndefined();
    expect(slide.versionId).toBeUndefined();
  });

  it("assignments: the holder (device serial or clientUserId) and the asset key of each license", () => {
    const devices = named<GetAssignmentsResponse>("apple-get-assignments");
    expect(devices.assignments).toHaveLength(5);
    for (const assignment of devices.assignments ?? []) {
      expect(assignment).toMatchObject({
        serialNumber: "443d8def-f14b-4422-9997-75c83f595c24",
        pricingParam: "STDQ",
      });
      expect(assignment.clientUserId).toBeUndefined();
    }
    expect(devices.versionId).toBe("ef149b10-55c7-11eb-a8a1-490feefbbca0");
    const users = named<GetAssignmentsResponse>("setup-get-assignments");
    expect(users.assignments).toEqual([
      { adamId: "361309726", clientUserId: "user-1", pricingParam: "STDQ" },
    ]);
  });

  it("users: clientUserId, status, and the invite code or Apple Account hash", () => {
    const apple = named<GetUsersResponse>("apple-get-users");
    expect(apple.users?.map((user) => [user.clientUserId, user.status])).toEqual([
      ["client-101", "Registered"],
      ["client-102", "Registered"],
      ["client-103", "Retired"],
    ]);
    expect(apple.users?.[0]?.inviteCode).toBe("46bc93ea3acd41e0a4919c02db0d7d3a");
    expect(apple.users?.[2]?.inviteCode).toBeUndefined();
    const guide = named<GetUsersResponse>("setup-get-users");
    expect(guide.users).toEqual([
      { clientUserId: "user-1", idHash: "rRVS8rlBrJjRqYwL8aNGDJG2CbU=", status: "Associated" },
    ]);
    expect(named<GetUsersResponse>("wwdc21-get-users").users?.[0]?.status).toBe("Registered");
  });

  it("manage calls answer the eventId to await; status reports progress and failures by holder", () => {
    for (const fixture of api.filter((f) => f.endpoint.startsWith("POST ") && f.body !== undefined)) {
      if ((fixture.httpStatus ?? 200) >= 400 || fixture.endpoint.includes("client/config")) continue;
      expect(decode<{ eventId: string }>(fixture).eventId, fixture.name).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(named<StatusResponse>("apple-status-associate-pending")).toMatchObject({
      eventStatus: "PENDING",
      eventType: "ASSOCIATE",
      numCompleted: 8,
      numRequested: 16,
    });
    const failed = named<StatusResponse>("apple-status-associate-failed");
    expect(failed.eventStatus).toBe("FAILED");
    expect(failed.failures).toEqual([
      {
        errorInfo: { clientUserIds: ["client-4"] },
        errorNumber: 9609,
        errorMessage: "Registered user not found",
      },
    ]);
    expect(named<StatusResponse>("apple-status-failed-9609").failures?.[0]?.errorInfo?.clientUserIds).toEqual(
      ["user102", "user101"],
    );
    expect(named<StatusResponse>("apple-status-create-complete")).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "CREATE",
    });
  });

  it("paging: Apple's 353-page read and its incremental sequel carry the fields the pager follows", () => {
    const first = named<GetAssignmentsResponse>("paging-assignments-first-page");
    expect(first).toMatchObject({ currentPageIndex: 0, nextPageIndex: 1, totalPages: 353, size: 549 });
    expect(first.versionId).toBe("658a45d0-5a7b-11eb-b9e4-d782eaed4cfb");
    expect(named<GetAssignmentsResponse>("paging-assignments-second-page")).toMatchObject({
      currentPageIndex: 1,
      nextPageIndex: 2,
    });
    const last = named<GetAssignmentsResponse>("paging-assignments-last-page");
    expect(last.currentPageIndex).toBe(352);
    expect(last.nextPageIndex).toBeUndefined();
    const since = named<GetAssignmentsResponse>("paging-assignments-since-version");
    expect(since).toMatchObject({ totalPages: 10, versionId: "87051b80-85f6-11eb-a3ab-95f98468c5f3" });
    expect(since.assignments?.every((a) => a.serialNumber !== undefined && a.adamId === "377298193")).toBe(
      true,
    );
  });

  it("error bodies: Apple's number and message, with or without errorInfo, even in an HTTP 200", () => {
    for (const fixture of api.filter((f) => /error/.test(f.name))) {
      const body = decode<{ errorNumber: number; errorMessage?: string }>(fixture);
      expect(body.errorNumber, fixture.name).toBe((jsonOf(fixture) as { errorNumber: number }).errorNumber);
    }
    expect(named<{ errorNumber: number }>("fleet-mock-invalid-token-200").errorNumber).toBe(9622);
    expect(named<{ errorInfo?: unknown }>("fleet-error-400").errorInfo).toEqual({});
  });

  it("Apple's Update Users example is not JSON as printed (a missing comma): kept as text, no codec can read it", () => {
    const page = documentedFixture("api", "apple-users-update-endpoint-page");
    expect(page.body).toBeUndefined();
    expect(() => JSON.parse(page.bodyText ?? "")).toThrow(SyntaxError);
  });
});
