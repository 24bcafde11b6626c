/** One HTTP request as the client sends it. */
export interface HttpRequest {
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What the client keeps of one HTTP response. */
export interface HttpReply {
  readonly status: number;
  readonly retryAfter: string | null;
  /** The body parsed as JSON with `null` members dropped, `undefined` if empty, or the parse failure. */
  readonly json: { readonly ok: true; readonly value: unknown } | { readonly ok: false };
}

/** The request never produced a response: DNS, connection, TLS, reset, or our own per-attempt timeout. */
export class TransportFailure {
  constructor(
    readonly cause: unknown,
    readonly timedOut: boolean,
  ) {}
}

/** Apple omits null-valued members; an explicit null is read the same way, as absent. */
const dropNulls = (_key: string, value: unknown): unknown => (value === null ? undefined : value);

const parseBody = (text: string): HttpReply["json"] => {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text, dropNulls) };
  } catch {
    return { ok: false };
  }
};

/**
 * Sends one request with its own timeout and reads the whole body. Rejects with {@link TransportFailure}
 * when no response arrived, or with the caller's abort reason when the caller cancelled.
 */
export const exchange = async (
  fetchFn: typeof fetch,
  request: HttpRequest,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
): Promise<HttpReply> => {
  const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      json: parseBody(text),
    };
  } catch (cause) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    throw new TransportFailure(cause, timeout.aborted);
  }
};
