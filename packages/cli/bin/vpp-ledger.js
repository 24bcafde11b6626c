#!/usr/bin/env node
// The `vpp-ledger` binary: resolves the package's own entry (dist/ once built; src/ under `--conditions=source`).
import { run } from "@vpp-ledger/cli";

process.exitCode = await run(process.argv.slice(2));
// Every connection is closed by then; should a driver keep a handle open, do not hang an operator's shell.
setTimeout(() => process.exit(), 2_000).unref();
