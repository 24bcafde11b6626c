/** A thin fetch wrapper for tests: real HTTP against the simulator, bodies parsed as JSON. */
import type { AppleSimulator, SimLocation } from "../../src/index.js";

/** A response as tests inspect it. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields; assertions check them.
  readonly body: Record<string, any>;
}

/** Calls the simulator's API as one location's MDM would. */
export interface TestClient {
  get(path: string, query?: Readonly<Record<string, unknown>>): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  raw(path: string, init: RequestInit): Promise<ApiResponse>;
}

const toResponse = async (response: Response): Promise<ApiResponse> => {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? {} : JSON.parse(text) };
};

/** A client authenticated with the location's token (or none with `null`). */
export const clientFor = (sim: AppleSimulator, location: SimLocation | null, bearer?: string): TestClient => {
  const auth: Record<string, string> =
    location === null && bearer === undefined
      ? {}
      : { authorization: `Bearer ${bearer ?? location?.sToken}` };
  const url = (path: string, query?: Readonly<Record<string, unknown>>) => {
    const target = new URL(`${sim.baseUrl}/${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) target.searchParams.set(key, String(value));
    }
    return target;
  };
  return {
    get: async (path, query) => toResponse(await fetch(url(path, query), { headers: auth })),
    post: async (path, body, headers) =>
      toResponse(
        await fetch(url(path), {
          method: "POST",
          headers: { ...auth, "content-type": "application/json", ...headers },
          body: body === undefined ? "" : JSON.stringify(body),
        }),
      ),
    raw: async (path, init) =>
      toResponse(
        await fetch(url(path), {
          ...init,
          headers: { ...auth, ...(init.headers as Record<string, string>) },
        }),
      ),
  };
};

/** A token valid for a year from now, in ISO form. */
export const nextYear = (): string => new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
