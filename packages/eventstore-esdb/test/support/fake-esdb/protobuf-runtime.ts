import { createRequire } from "node:module";

// The well-known types the generated code was built with, loaded from the client's own google-protobuf so
// the fake packs them exactly as the client unpacks them (the test package does not depend on it).
const requireFromClient = createRequire(createRequire(import.meta.url).resolve("@eventstore/db-client"));

interface AnyMessage {
  pack(serialized: Uint8Array, typeName: string): void;
}

/** google.protobuf.Any. */
export const AnyProto = (
  requireFromClient("google-protobuf/google/protobuf/any_pb.js") as { Any: new () => AnyMessage }
).Any;

/** google.protobuf.Empty. */
export const EmptyProto = (
  requireFromClient("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => object }
).Empty;
