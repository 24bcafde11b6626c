import { randomBytes } from "node:crypto";

/** A fresh schema name per test, so tests sharing a database never see each other's rows. */
export const randomSchema = (prefix = "t"): string => `${prefix}_${randomBytes(6).toString("hex")}`;
