import type { ServerResponse } from "node:http";
import type { AppleFailure } from "../errors.js";

/** What a handler answers: a JSON body and status, plus work to run once the response is on the wire. */
export interface Reply {
  readonly status: number;
  readonly body: object;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw text to send instead of `body` (used to damage a response on purpose). */
  readonly raw?: string;
  /** Runs after the response has been sent (async operations start then, as at Apple). */
  readonly afterResponse?: () => void;
}

/** A 200 JSON reply. */
export const json = (body: object, afterResponse?: () => void): Reply =>
  afterResponse === undefined ? { status: 200, body } : { status: 200, body, afterResponse };

/** The reply for an Apple rejection. */
export const failureReply = (failure: AppleFailure, headers?: Readonly<Record<string, string>>): Reply =>
  headers === undefined
    ? { status: failure.httpStatus, body: failure.body }
    : { status: failure.httpStatus, body: failure.body, headers };

/** Writes a reply. */
export const writeReply = (response: ServerResponse, reply: Reply): void => {
  const text = reply.raw ?? JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...reply.headers,
  });
  response.end(text);
};
