import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import type { AppleClientOptions } from "../../../src/index.js";
import {
  type AppleClient,
  createAppleClient,
  createVirtualClock,
  InMemoryTokenVault,
} from "../../../src/index.js";
import { bodyTextOf, type DocumentedFixture, documentedFixture } from "./fixtures.js";

/** What the server answers one request. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** A request the server saw. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

const running: Server[] = [];
afterEach(async () => {
  await Promise.all(
    running.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

/** The answer a fixture documents: its body with its HTTP status (200 when the source shows none). */
export const answerOf = (fixture: DocumentedFixture): Answer => ({
  status: fixture.httpStatus ?? 200,
  text: bodyTextOf(fixture),
});

const SERVICE_CONFIG = answerOf(documentedFixture("api", "apple-service-config"));

/**
 * A tiny Apple stand-in on real HTTP: `routes` maps `METHOD path` to an answer; `GET service/config` answers
 * Apple's documented service config unless routed otherwise; anything else is a 404 the test will see.
 */
export const serveDocumented = async (routes: Readonly<Record<string, Answer>>) => {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const url = new URL(request.url ?? "/", "http://localhost");
        const path = url.pathname.replace(/^\/mdm\/v2\//, "");
        const method = request.method ?? "GET";
        seen.push({ method, path, authorization: request.headers.authorization, body });
        const key = `${method} ${path}`;
        const answer = routes[key] ?? (key === "GET service/config" ? SERVICE_CONFIG : undefined);
        response.writeHead(answer?.status ?? 404, { "content-type": "application/json" });
        response.end(answer?.text ?? `{"errorMessage":"no route ${key}"}`);
      })
      .catch(() => {
        response.writeHead(500);
        response.end();
      });
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/mdm/v2`, seen };
};

/** A `.vpptoken` as Apple issues it: base64 of `{token, expDate, orgName}`. */
export const S_TOKEN = Buffer.from(
  JSON.stringify({ token: "documented-shapes-token", expDate: "2030-11-08T22:33:22+0000", orgName: "PS01" }),
).toString("base64");

/** A client of `baseUrl` on a virtual clock (retries and rate waits take no wall time). */
export const clientOf = async (
  baseUrl: string,
  extra?: Partial<AppleClientOptions>,
): Promise<AppleClient> => {
  const vault = new InMemoryTokenVault();
  await vault.put("acct-1", S_TOKEN);
  return createAppleClient({ vault, accountId: "acct-1", baseUrl, clock: createVirtualClock(), ...extra });
};
