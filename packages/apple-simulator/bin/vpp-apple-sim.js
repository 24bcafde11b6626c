#!/usr/bin/env node
// Runs the built CLI (`tsc -b` writes dist/); see src/cli.ts.
import { main } from "../dist/cli.js";

await main(process.argv.slice(2));
