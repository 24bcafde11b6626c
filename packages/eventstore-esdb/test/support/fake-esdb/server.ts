import featuresGrpc from "@eventstore/db-client/generated/serverfeatures_grpc_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import * as grpc from "@grpc/grpc-js";
import { handleAppend } from "./append-call.js";
import { handleBatchAppend } from "./batch-append-call.js";
import { DEFAULT_MAX_APPEND_SIZE } from "./commit.js";
import { type CallInfo, type FaultSpec, Faults } from "./faults.js";
import { FakeLog } from "./log.js";
import { handleRead } from "./read-call.js";
import { handleGetSupportedMethods } from "./server-features.js";
import { esdbError } from "./wire.js";

/** Options of {@link startFakeEsdb}. */
export interface FakeEsdbOptions {
  /**
   * Announce BatchAppend through the ServerFeatures service, like ESDB 21.10+ (default true): the client then
   * appends over one BatchAppend stream. False plays an older server: no ServerFeatures, one Append call each.
   */
  readonly batchAppend?: boolean;
  readonly maxAppendSize?: number;
}

/** A running fake server: its port, its log (for inspection and raw writes) and fault injection. */
export interface FakeEsdb {
  readonly port: number;
  /** `esdb://127.0.0.1:PORT?tls=false`: what the unmodified client connects to. */
  readonly connectionString: string;
  readonly log: FakeLog;
  /**
   * Makes the next matching calls of `method` fail (default: once, with UNAVAILABLE, as if the server went
   * away). A failed BatchAppend ends the client's whole append stream, like a lost connection.
   */
  failNext(method: CallInfo["method"], spec?: FaultSpec): void;
  close(): Promise<void>;
}

const unimplemented =
  (what: string) =>
  (_call: unknown, callback: grpc.sendUnaryData<never>): void =>
    callback(esdbError(grpc.status.UNIMPLEMENTED, `the fake server does not implement ${what}`));

/**
 * Starts an in-process gRPC server that speaks EventStoreDB's Streams protocol (Read, Append, BatchAppend) to
 * the official client, with ESDB's semantics for what the adapter uses: expected revisions with the current
 * revision in the answer, idempotent appends by event id, forward and backward reads with a count, `$all` by
 * position, `$maxCount` / `$tb` metadata. See docs/eventstore-esdb.md for what it does not prove.
 */
export const startFakeEsdb = async (options: FakeEsdbOptions = {}): Promise<FakeEsdb> => {
  const log = new FakeLog();
  const faults = new Faults();
  const beforeCall = faults.check;
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, {
    read: handleRead(log, beforeCall),
    append: handleAppend(log, beforeCall, maxAppendSize),
    batchAppend: handleBatchAppend(log, beforeCall, maxAppendSize),
    delete: unimplemented("Delete"),
    tombstone: unimplemented("Tombstone"),
  });
  if (options.batchAppend !== false) {
    server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods: handleGetSupportedMethods });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    failNext: (method, spec) => faults.arm(method, spec),
    close: () =>
      new Promise<void>((resolve) => {
        // Clients that were not disposed keep their connections: cut them after a grace period.
        const force = setTimeout(() => server.forceShutdown(), 1_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
};
