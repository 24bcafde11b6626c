import { describe, expect, it } from "vitest";
import { decodeResponse } from "../../../src/client/codecs/decode.js";
import {
  type AppleClient,
  type AppleErrorCode,
  isAppleApiError,
  MdmConflictError,
  type ServiceConfigResponse,
  toServiceConfig,
} from "../../../src/index.js";
import { pagesOf, rejectionOf } from "../support/setup.js";
import { codecOf } from "./codecs.js";
import {
  bodyTextOf,
  type DocumentedFixture,
  documentedFixture,
  documentedFixtures,
  isErrorFixture,
} from "./fixtures.js";
import { answerOf, clientOf, serveDocumented } from "./serve.js";

const OPERATION_ID = "954910a8-3d9c-4fde-948d-253e5aef431a";
const APPLE_MDM = {
  id: "522d5c43-44ca-4f7e-ba7a-53570cf60765",
  name: "Apple Configurator 2",
  metadata: "2.13.3",
};
const ASSET = { adamId: "408709785", pricingParam: "STDQ" };
const USER = { clientUserId: "client-1", email: "client-1@apple.com" };

/** Calls the client method that reads `fixture.endpoint`; returns what the client hands the ledger. */
const callFor = async (client: AppleClient, endpoint: string): Promise<unknown> => {
  const firstPage = async (pages: AsyncIterable<{ readonly response: unknown }>) =>
    (await pagesOf(pages))[0]?.response;
  const operation = async (operations: Promise<ReadonlyArray<{ readonly response: unknown }>>) =>
    (await operations)[0]?.response;
  switch (endpoint) {
    case "GET service/config":
      return client.serviceConfig();
    case "GET client/config":
      return client.getClientConfig();
    case "POST client/config":
      return client.updateClientConfig({
        mdmInfo: APPLE_MDM,
        notificationUrl: "https://www.next.com/notification",
        notificationAuthToken: "SUp3rS3Cr3t",
        notificationTypes: ["ASSET_COUNT", "ASSET_MANAGEMENT", "USER_MANAGEMENT", "USER_ASSOCIATED"],
      });
    case "GET assets":
      return firstPage(client.assets());
    case "GET assignments":
      return firstPage(client.assignments());
    case "GET users":
      return firstPage(client.users());
    case "GET status":
      return client.operationStatus(OPERATION_ID);
    case "POST assets/associate":
      return operation(client.associateAssets({ assets: [ASSET], clientUserIds: ["client-1"] }));
    case "POST assets/disassociate":
      return operation(client.disassociateAssets({ assets: [ASSET], serialNumbers: ["serial-1"] }));
    case "POST assets/revoke":
      return operation(client.revokeAssets({ clientUserIds: ["client-1"] }));
    case "POST users/create":
      return operation(client.createUsers([USER]));
    case "POST users/update":
      return operation(client.updateUsers([USER]));
    case "POST users/retire":
      return operation(client.retireUsers(["client-1"]));
    default:
      throw new Error(`no client call for ${endpoint}`);
  }
};

const served = async (fixture: DocumentedFixture) => {
  const server = await serveDocumented({ [fixture.endpoint]: answerOf(fixture) });
  return { server, client: await clientOf(server.baseUrl) };
};

const expectedOf = (fixture: DocumentedFixture): unknown => {
  const decoded = decodeResponse(codecOf(fixture), fixture.body, { endpoint: fixture.endpoint });
  return fixture.endpoint === "GET service/config"
    ? toServiceConfig(decoded as ServiceConfigResponse)
    : decoded;
};

const codeOf = (error: unknown): AppleErrorCode | undefined =>
  isAppleApiError(error) ? error.code : undefined;

const answered = documentedFixtures("api").filter(
  (f) => f.body !== undefined && !f.paged && !isErrorFixture(f),
);
const refused = documentedFixtures("api").filter(isErrorFixture);

describe("Apple's documented API bodies, read by the client over real HTTP", () => {
  it.each(answered.map((f) => [f.name, f] as const))(
    "%s: the client returns what the codec decodes",
    async (_, fixture) => {
      const { server, client } = await served(fixture);
      expect(await callFor(client, fixture.endpoint)).toEqual(expectedOf(fixture));
      const [method, path] = fixture.endpoint.split(" ");
      const calls = server.seen.filter((request) => request.method === method && request.path === path);
      expect(calls).toHaveLength(1);
      if (path !== "service/config") expect(calls[0]?.authorization).toMatch(/^Bearer /);
    },
  );

  it.each(refused.map((f) => [f.name, f] as const))(
    "%s: a typed error carrying Apple's number",
    async (_, fixture) => {
      const { client } = await served(fixture);
      const error = await rejectionOf(callFor(client, fixture.endpoint));
      const body = JSON.parse(bodyTextOf(fixture)) as { errorNumber: number };
      expect(error).toMatchObject({ errorNumber: body.errorNumber, httpStatus: fixture.httpStatus });
      const expected: Record<string, AppleErrorCode> = {
        "apple-error-9726": "invalid-request",
        "fleet-error-9622-401": "unauthorized",
        "fleet-error-400": "invalid-request",
        "fleet-error-500": "server-error",
        "fleet-mock-invalid-token-200": "unauthorized",
        "fleet-mock-server-error-9603": "server-error",
        "fleet-mock-9718": "invalid-request",
        "fleet-mock-9719": "invalid-request",
      };
      expect(codeOf(error)).toBe(expected[fixture.name]);
    },
  );

  it("Apple's Update Users example, not JSON as printed, is malformed-response after one retry", async () => {
    const fixture = documentedFixture("api", "apple-users-update-endpoint-page");
    const { server, client } = await served(fixture);
    const error = await rejectionOf(callFor(client, fixture.endpoint));
    expect(codeOf(error)).toBe("malformed-response");
    expect(error).toMatchObject({ retryable: false });
    expect(server.seen.filter((request) => request.path === "users/update")).toHaveLength(2);
  });

  it("a documented client/config naming another MDM stops a client that holds its own identity (R6)", async () => {
    const server = await serveDocumented({
      "GET client/config": answerOf(documentedFixture("api", "apple-client-config-get")),
    });
    const ours = { id: "vpp-ledger-test-0001", name: "vpp-ledger tests", metadata: "tests.example.com" };
    const client = await clientOf(server.baseUrl, { mdmInfo: ours });
    const error = await rejectionOf(client.getClientConfig());
    expect(error).toBeInstanceOf(MdmConflictError);
    expect((error as MdmConflictError).holder.id).toBe(APPLE_MDM.id);
    const owner = await clientOf(server.baseUrl, { mdmInfo: APPLE_MDM });
    expect(await owner.inspectOwnership()).toMatchObject({ state: "ours", uId: "2049025000431439" });
  });
});
