import type { SimulatorContext } from "../context.js";
import type { Reply } from "../http/reply.js";
import type { Location } from "../model/location.js";

/** HTTP methods the API uses. */
export type Method = "GET" | "POST";

/** What an unauthenticated handler sees. */
export interface PublicContext {
  readonly sim: SimulatorContext;
  readonly query: URLSearchParams;
}

/** What a token-authenticated handler sees: the caller's location and the parsed JSON body (POST). */
export interface TokenContext extends PublicContext {
  readonly location: Location;
  readonly body: unknown;
}

type Handler<C> = (context: C) => Reply | Promise<Reply>;

interface RouteBase {
  /** Path relative to the base URL, e.g. `assets/associate`. */
  readonly path: string;
  /** Top-level field a "missing-field" fault drops by default. */
  readonly mainField: string;
}

/** An endpoint: public (service config) or behind the bearer token. */
export type Route =
  | (RouteBase & {
      readonly kind: "public";
      readonly methods: Partial<Record<Method, Handler<PublicContext>>>;
    })
  | (RouteBase & {
      readonly kind: "token";
      readonly methods: Partial<Record<Method, Handler<TokenContext>>>;
    });
