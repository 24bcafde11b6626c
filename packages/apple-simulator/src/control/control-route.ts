import type { SimulatorContext } from "../context.js";

// Its own module: the route tables of several files share it.

/** A control route: method, path pattern and action (returns the JSON to send). */
export interface ControlRoute {
  readonly method: "GET" | "POST";
  readonly pattern: RegExp;
  readonly run: (sim: SimulatorContext, params: readonly string[], body: unknown) => object | Promise<object>;
}
