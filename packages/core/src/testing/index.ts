export * from "./arbitraries/index.js";
export * from "./specification.js";
export * from "./tokens.js";
