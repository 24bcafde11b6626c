import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A minimal Apple stand-in over real HTTP that builds each assignments page on request, for reads too large
 * to set up in the simulator. Serves `service/config` and `assignments` only; counts requests (service config
 * excluded) and the peak of concurrent page requests.
 */
export const lazyAssignmentsServer = async ({ total, pageSize }: { total: number; pageSize: number }) => {
  let served = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const totalPages = Math.ceil(total / pageSize);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const send = (body: object) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname.endsWith("/service/config")) {
      send({ limits: { maxRequestPerSecond: 1_000 } });
      return;
    }
    served++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const index = Number(url.searchParams.get("pageIndex") ?? "0");
    const start = index * pageSize;
    const assignments = Array.from({ length: Math.min(pageSize, total - start) }, (_, i) => ({
      adamId: "1001",
      pricingParam: "STDQ",
      serialNumber: `SN${String(start + i).padStart(7, "0")}`,
    }));
    setTimeout(() => {
      inFlight--;
      send({
        assignments,
        currentPageIndex: index,
        ...(index + 1 < totalPages ? { nextPageIndex: index + 1 } : {}),
        size: assignments.length,
        totalPages,
        versionId: "v1",
        tokenExpirationDate: "2030-01-01T00:00:00+0000",
        uId: "1234567890",
      });
    }, 2);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/mdm/v2`,
    served: () => served,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
