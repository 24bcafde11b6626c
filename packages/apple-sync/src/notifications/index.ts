export { bearerMatches } from "./bearer.js";
export * from "./codecs.js";
export * from "./dedupe.js";
export * from "./handler.js";
