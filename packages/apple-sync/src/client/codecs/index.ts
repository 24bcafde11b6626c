export * from "./assets.js";
export * from "./assignments.js";
export * from "./client-config.js";
export * from "./common.js";
export { decodeResponse, describeFailure } from "./decode.js";
export * from "./manage.js";
export * from "./service-config.js";
export * from "./status.js";
export * from "./users.js";
