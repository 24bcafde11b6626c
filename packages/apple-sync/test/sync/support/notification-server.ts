import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNotificationHandler, ledgerNotificationHandlers } from "../../../src/index.js";
import { onTestEnd, type SyncHarness, TENANT } from "./harness.js";

/** The notificationAuthToken given to Apple in tests. */
export const NOTIFICATION_TOKEN = "notification-token-5d1e9b7c";

/**
 * A host's notification endpoint over real HTTP: the client's handler wired to the ledger's callbacks, and
 * the location subscribed to it. Returns the statuses answered, in order.
 */
export const listenForNotifications = async (h: SyncHarness): Promise<number[]> => {
  const handle = createNotificationHandler({
    authToken: NOTIFICATION_TOKEN,
    ...ledgerNotificationHandlers(h.ledger, TENANT, { client: h.client, now: h.clock.now }),
  });
  const answered: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(",") : value,
        ]),
      );
      void handle({ headers, body: Buffer.concat(chunks).toString("utf8") }).then((reply) => {
        answered.push(reply.status);
        response.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body ?? "");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestEnd(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as AddressInfo;
  await h.client.configureNotifications({
    url: `http://127.0.0.1:${port}/apple/notifications`,
    authToken: NOTIFICATION_TOKEN,
    types: ["ASSET_MANAGEMENT", "ASSET_COUNT", "USER_ASSOCIATED", "USER_MANAGEMENT"],
  });
  return answered;
};
