import featuresPb from "@eventstore/db-client/generated/serverfeatures_pb.js";
import type * as grpc from "@grpc/grpc-js";

/** The version the fake announces: a server that has BatchAppend and positions on stream reads. */
export const FAKE_SERVER_VERSION = "23.10.0-fake";

/**
 * Serves `ServerFeatures.GetSupportedMethods` the way ESDB 21.10+ does, announcing Streams.BatchAppend: the
 * client then sends every append over one BatchAppend stream instead of one Append call each.
 */
export const handleGetSupportedMethods = (
  _call: grpc.ServerUnaryCall<unknown, unknown>,
  callback: grpc.sendUnaryData<InstanceType<typeof featuresPb.SupportedMethods>>,
): void => {
  const methods = ["read", "append", "batchappend", "delete", "tombstone"].map((name) => {
    const method = new featuresPb.SupportedMethod();
    method.setServiceName("event_store.client.streams.streams");
    method.setMethodName(name);
    return method;
  });
  const supported = new featuresPb.SupportedMethods();
  supported.setMethodsList(methods);
  supported.setEventStoreServerVersion(FAKE_SERVER_VERSION);
  callback(null, supported);
};
