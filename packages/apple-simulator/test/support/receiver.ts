/** A local node:http notification receiver, answering with scripted statuses. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationEnvelope } from "../../src/index.js";

/** One POST the receiver got. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly envelope: NotificationEnvelope;
}

/** A running receiver. */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Statuses to answer with, in order; once used up it answers 200. */
  respondWith(...statuses: number[]): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1. */
export const startReceiver = async (): Promise<Receiver> => {
  const received: Received[] = [];
  const script: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (part: Buffer) => chunks.push(part));
    request.on("end", () => {
      received.push({
        headers: request.headers,
        envelope: JSON.parse(Buffer.concat(chunks).toString("utf8")) as NotificationEnvelope,
      });
      response.writeHead(script.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vpp/notify`,
    received,
    respondWith: (...statuses) => script.push(...statuses),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
