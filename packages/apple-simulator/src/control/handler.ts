import type { IncomingMessage } from "node:http";
import type { SimulatorContext } from "../context.js";
import { readBody } from "../http/body.js";
import type { Reply } from "../http/reply.js";
import { CONTROL_ROUTES } from "./routes.js";

/** Why a control request failed, with a stable code. */
const controlError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message } },
});

const hasCode = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && typeof (error as { code?: unknown }).code === "string";

/** Serves one `/_sim/...` request. Setup mistakes answer 400 with the setup error's code. */
export const handleControlRequest = async (
  sim: SimulatorContext,
  request: IncomingMessage,
  url: URL,
): Promise<Reply> => {
  const matches = CONTROL_ROUTES.filter((route) => route.pattern.test(url.pathname));
  if (matches.length === 0)
    return controlError(
      404,
      "SIM_UNKNOWN_CONTROL_PATH",
      `No control endpoint ${url.pathname}; see the README.`,
    );
  const route = matches.find((candidate) => candidate.method === request.method);
  if (route === undefined)
    return controlError(405, "SIM_METHOD_NOT_ALLOWED", `Use ${matches.map((m) => m.method).join(", ")}.`);
  const raw = await readBody(request);
  let body: unknown = {};
  try {
    const text = raw?.toString("utf8") ?? "";
    if (text.trim() !== "") body = JSON.parse(text);
  } catch {
    return controlError(400, "SIM_INVALID_JSON", "The body is not valid JSON.");
  }
  const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((param) => decodeURIComponent(param));
  try {
    return { status: 200, body: await route.run(sim, params, body) };
  } catch (error) {
    if (hasCode(error)) return controlError(400, error.code, error.message);
    throw error;
  }
};
