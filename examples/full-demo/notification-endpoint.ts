import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationHandler } from "@vpp-ledger/apple-sync";

/** The host's HTTP endpoint for Apple's notifications. */
export interface NotificationEndpoint {
  /** Where Apple posts (given to Apple through `configureNotifications`). */
  readonly url: string;
  /** HTTP statuses answered so far, in order. */
  readonly answered: ReadonlyArray<number>;
  close(): Promise<void>;
}

const flatten = (headers: IncomingHttpHeaders): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : value]),
  );

/**
 * Mounts the notification handler on a local `node:http` server (127.0.0.1, ephemeral port). The handler
 * decides every answer (401, 400, 409, 500…); the server only moves bytes.
 */
export const listenForAppleNotifications = async (
  handle: NotificationHandler,
): Promise<NotificationEndpoint> => {
  const answered: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void handle({ headers: flatten(request.headers), body: Buffer.concat(chunks).toString("utf8") }).then(
        (reply) => {
          answered.push(reply.status);
          response.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body ?? "");
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/apple/vpp-notifications`,
    answered,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
