import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleApiRequest } from "./api-handler.js";
import { bearerOf } from "./auth.js";
import type { SimulatorContext } from "./context.js";
import { handleControlRequest } from "./control/handler.js";
import { errorResponse } from "./errors.js";
import { readBody } from "./http/body.js";
import { type Reply, writeReply } from "./http/reply.js";
import { fingerprint } from "./token.js";

/** Where Apple serves v2; the simulator keeps the same path so clients only swap the origin. */
export const API_BASE_PATH = "/mdm/v2";
/** Where the simulator's own control endpoints live (used by the CLI). */
export const CONTROL_BASE_PATH = "/_sim";

const serveApi = async (
  sim: SimulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => {
  const path = url.pathname.slice(API_BASE_PATH.length).replace(/^\/+|\/+$/g, "");
  const at = Date.now();
  const bearer = bearerOf(request.headers.authorization);
  let tokenFingerprint = bearer === undefined ? undefined : fingerprint(bearer);
  let status = 0;
  sim.log.begin(path);
  // Registered first, so a client that hangs up mid-request still leaves the in-flight count right.
  response.on("close", () =>
    sim.log.end(path, {
      method: request.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      at,
      durationMs: Date.now() - at,
      tokenFingerprint,
      status,
    }),
  );
  let reply: Reply;
  try {
    const body = await readBody(request);
    if (sim.latencyMs > 0) await sleep(sim.latencyMs, undefined, { signal: sim.shutdown.signal });
    reply = await handleApiRequest(
      sim,
      { method: request.method ?? "GET", path, query: url.searchParams, headers: request.headers, body },
      (location) => {
        // Both token forms map to one location; log the location's fingerprint so entries group per token.
        tokenFingerprint = location.fingerprint;
      },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    reply = { status: 500, body: errorResponse(9603, `Simulator fault: ${detail}`) };
  }
  status = reply.status;
  const { afterResponse } = reply;
  // "close", not "finish": Apple completes accepted work even when the client hung up before reading.
  if (afterResponse !== undefined) {
    if (response.destroyed) afterResponse();
    else response.on("close", afterResponse);
  }
  writeReply(response, reply);
};

const route = async (sim: SimulatorContext, request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === API_BASE_PATH || url.pathname.startsWith(`${API_BASE_PATH}/`)) {
    await serveApi(sim, request, response, url);
  } else if (url.pathname.startsWith(`${CONTROL_BASE_PATH}/`)) {
    writeReply(response, await handleControlRequest(sim, request, url));
  } else {
    writeReply(response, {
      status: 404,
      body: errorResponse(9602, `Apple's API lives under ${API_BASE_PATH}.`),
    });
  }
};

/** Starts the HTTP server on 127.0.0.1 and returns it with its origin. */
export const listen = async (
  sim: SimulatorContext,
  port: number,
): Promise<{ server: Server; origin: string }> => {
  const server = createServer((request, response) => {
    route(sim, request, response).catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) writeReply(response, { status: 500, body: errorResponse(9603, detail) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${actual}` };
};

/** Stops accepting requests and drops open connections. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
