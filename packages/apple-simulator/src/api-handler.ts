/**
 * The pipeline of one API request, in the order Apple's front end is assumed to apply it: route and method,
 * injected fault, bearer token, rate limit, body, handler.
 */
import type { IncomingMessage } from "node:http";
import { authenticate } from "./auth.js";
import type { SimulatorContext } from "./context.js";
import { appleFailure, type ErrorResponse } from "./errors.js";
import type { FaultEffect } from "./faults.js";
import { parseJsonBody } from "./http/body.js";
import { failureReply, type Reply } from "./http/reply.js";
import type { Location } from "./model/location.js";
import { churnBeforePage } from "./realism/churn.js";
import { ROUTES } from "./routes/index.js";
import type { Method, Route, TokenContext } from "./routes/types.js";

/** The parts of a request the pipeline reads. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer | undefined;
}

/** Called once the caller's location is known, so the request log can name its token by fingerprint. */
export type OnAuthenticated = (location: Location) => void;

const damage = (reply: Reply, effect: Extract<FaultEffect, { stage: "after" }>, route: Route): Reply => {
  if (effect.kind === "malformed-json") {
    const text = JSON.stringify(reply.body);
    return { ...reply, raw: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  }
  const field = effect.field ?? route.mainField;
  const { [field]: _dropped, ...rest } = reply.body as Record<string, unknown>;
  return { ...reply, body: rest };
};

const runHooks = (sim: SimulatorContext, request: ApiRequest, location: Location | undefined): void => {
  if (sim.requestHooks.size === 0) return;
  const event = {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    location: location === undefined ? undefined : sim.handle(location),
  };
  for (const hook of sim.requestHooks) hook(event);
};

const runRoute = async (
  sim: SimulatorContext,
  route: Route,
  method: Method,
  request: ApiRequest,
  onAuthenticated: OnAuthenticated,
): Promise<Reply> => {
  if (route.kind === "public") {
    const handler = route.methods[method];
    if (handler === undefined) return failureReply(appleFailure(9726));
    runHooks(sim, request, undefined);
    return handler({ sim, query: request.query });
  }
  const handler = route.methods[method];
  if (handler === undefined) return failureReply(appleFailure(9726));
  const auth = authenticate(
    request.headers.authorization,
    sim.locations,
    sim.now(),
    sim.invalidTokenHttpStatus,
  );
  if (!auth.ok) return failureReply(auth.failure);
  const location = auth.value;
  onAuthenticated(location);
  return inLocationWords(location, await runAuthenticated(sim, handler, location, method, request));
};

const runAuthenticated = async (
  sim: SimulatorContext,
  handler: (context: TokenContext) => Reply | Promise<Reply>,
  location: Location,
  method: Method,
  request: ApiRequest,
): Promise<Reply> => {
  if (!sim.rateLimiter.tryAcquire(location.fingerprint)) {
    return failureReply(appleFailure(9646, `At most ${sim.options.limits.maxRequestPerSecond} per second.`));
  }
  let body: unknown;
  if (method === "POST") {
    const parsed = parseJsonBody(request.headers["content-type"], request.body);
    if (!parsed.ok) return failureReply(parsed.failure);
    body = parsed.value;
  }
  runHooks(sim, request, location);
  const { pagingChurnRate } = sim.options.realism;
  churnBeforePage(location, method, request.path, request.query, pagingChurnRate, sim.random);
  return handler({ sim, location, query: request.query, body });
};

/** An error answer to a location's token, in the words a test gave that location (`setErrorMessage`). */
const inLocationWords = (location: Location, reply: Reply): Reply => {
  const body = reply.body as Partial<ErrorResponse>;
  return typeof body.errorNumber === "number" && typeof body.errorMessage === "string"
    ? { ...reply, body: location.worded(body as ErrorResponse) }
    : reply;
};

/** Answers one request under the base path. */
export const handleApiRequest = async (
  sim: SimulatorContext,
  request: ApiRequest,
  onAuthenticated: OnAuthenticated,
): Promise<Reply> => {
  const route = ROUTES.get(request.path);
  if (route === undefined) {
    return { status: 404, body: appleFailure(9602, `There is no endpoint ${request.path}.`).body };
  }
  const method = request.method as Method;
  if (!(method in route.methods)) {
    const allow = Object.keys(route.methods).join(", ");
    return failureReply(appleFailure(9726, `Use ${allow}.`), { allow });
  }
  const fault = sim.faults.take(request.path);
  if (fault?.stage === "instead") return fault.reply;
  const { unavailableRate, unavailableRetryAfterSeconds } = sim.options.realism;
  if (fault === undefined && sim.random.chance(unavailableRate)) {
    // The realistic mode's outage: like an injected "unavailable" fault, drawn from the seed.
    return failureReply(appleFailure(9729), { "retry-after": String(unavailableRetryAfterSeconds) });
  }
  const reply = await runRoute(sim, route, method, request, onAuthenticated);
  return fault?.stage === "after" && reply.status < 300 ? damage(reply, fault, route) : reply;
};
