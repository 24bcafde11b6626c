import type { IncomingMessage } from "node:http";
import { fail, ok, type Result } from "../result.js";

/** Bodies larger than this are refused as invalid (Apple's requests are small: 1000 ids at most). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body; undefined when it is larger than the cap. */
export const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const part of request) {
    const buffer = part as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

/** Whether a Content-Type header names JSON (parameters such as charset are allowed). */
export const isJsonContentType = (header: string | undefined): boolean =>
  header !== undefined && header.split(";")[0]?.trim().toLowerCase() === "application/json";

/**
 * Parses a POST body: Content-Type must be JSON (9727, HTTP 415), and the text valid JSON (9602). An empty
 * body counts as `{}`, so the endpoint reports what is missing.
 */
export const parseJsonBody = (contentType: string | undefined, raw: Buffer | undefined): Result<unknown> => {
  if (!isJsonContentType(contentType)) {
    return fail(9727, `Send Content-Type: application/json, not ${contentType ?? "nothing"}.`);
  }
  if (raw === undefined) return fail(9602, "The request body is too large.");
  const text = raw.toString("utf8");
  if (text.trim() === "") return ok({});
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return fail(9602, "The request body is not valid JSON.");
  }
};
