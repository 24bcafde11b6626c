import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * POSTs one notification the way Apple does: JSON body and `Authorization: Bearer <notificationAuthToken>`.
 * Resolves with the HTTP status; rejects on connection errors and timeouts.
 */
export const postNotification = (
  url: string,
  authToken: string,
  body: string,
  timeoutMs: number,
): Promise<number> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: "POST",
        // No keep-alive: a test's receiver must be able to close as soon as it has its notifications.
        agent: false,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${authToken}`,
          "content-type": "application/json;charset=UTF-8",
          "content-length": Buffer.byteLength(body),
          connection: "close",
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });

/** Whether a URL may receive notifications: HTTPS, or HTTP on loopback so tests can listen locally. */
export const isAcceptableNotificationUrl = (url: string): boolean => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "") return false;
  if (parsed.protocol === "https:") return true;
  const loopback = ["127.0.0.1", "localhost", "[::1]"];
  return parsed.protocol === "http:" && loopback.includes(parsed.hostname);
};
