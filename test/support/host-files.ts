/** The files of the host project the pack test installs the packages into: what an outside project writes. */

/** Plain Node ESM: every entry point imports; PGlite, not installed, is refused with a typed error. */
export const HOST_ESM = `import { createVppLedger, InMemoryEventStore, isLedgerError } from "@vpp-ledger/core";
import { LicenseAudit, project } from "@vpp-ledger/projections";
import { createPgliteEventStore, createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import { EsdbEventStore } from "@vpp-ledger/eventstore-esdb";
import { createPostgresReadModels } from "@vpp-ledger/projections-postgres";
import { createAppleClient, EncryptedTokenVault } from "@vpp-ledger/apple-sync";
import * as simulator from "@vpp-ledger/apple-simulator";
import { run } from "@vpp-ledger/cli";
const store = new InMemoryEventStore();
const ledger = createVppLedger({ store });
const audit = new LicenseAudit();
await project(store, [audit]);
let pglite = "opened";
try { await createPgliteEventStore(); } catch (error) { pglite = isLedgerError(error) ? error.code : String(error); }
const exports = [createPostgresEventStore, EsdbEventStore, createPostgresReadModels, createAppleClient, EncryptedTokenVault, run]
  .filter((f) => typeof f === "function").length + (Object.keys(simulator).length > 0 ? 0 : -100);
console.log(JSON.stringify({ ledger: typeof ledger.account, audited: audit.report().eventsChecked, pglite, exports }));
`;

/** CommonJS with require(): Node ≥ 20.19 loads the ESM packages through their \`default\` export condition. */
export const HOST_REQUIRE = `const core = require("@vpp-ledger/core");
const projections = require("@vpp-ledger/projections");
const pgStore = require("@vpp-ledger/eventstore-postgres");
const esdb = require("@vpp-ledger/eventstore-esdb");
const readModels = require("@vpp-ledger/projections-postgres");
const sync = require("@vpp-ledger/apple-sync");
const simulator = require("@vpp-ledger/apple-simulator");
const ledger = core.createVppLedger({ store: new core.InMemoryEventStore() });
console.log(JSON.stringify([typeof ledger.account, typeof projections.LicenseAudit, typeof pgStore.createPostgresEventStore,
  typeof esdb.EsdbEventStore, typeof readModels.createPostgresReadModels, typeof sync.createAppleClient,
  Object.keys(simulator).length > 0]));
`;

/** TypeScript, ESM side: the types a host names, from every entry point. */
export const HOST_MTS = `import { createVppLedger, InMemoryEventStore, type VppLedger } from "@vpp-ledger/core";
import { LicenseAudit, type AuditReport } from "@vpp-ledger/projections";
import { createPostgresEventStore, type PostgresStorage } from "@vpp-ledger/eventstore-postgres";
import { EsdbEventStore } from "@vpp-ledger/eventstore-esdb";
import { createPostgresReadModels, type PostgresReadModels } from "@vpp-ledger/projections-postgres";
import { createAppleClient, type TokenVault } from "@vpp-ledger/apple-sync";
import * as simulator from "@vpp-ledger/apple-simulator";
import { run, type ExitCode } from "@vpp-ledger/cli";

const ledger: VppLedger = createVppLedger({ store: new InMemoryEventStore() });
const report: AuditReport = new LicenseAudit().report();
const open: (url: string) => Promise<PostgresStorage> = (url) => createPostgresEventStore({ connectionString: url });
const models: (url: string) => Promise<PostgresReadModels> = (url) => createPostgresReadModels({ connectionString: url });
const vault: TokenVault | undefined = undefined;
const used = [open, models, EsdbEventStore, createAppleClient, vault, simulator];
const code: ExitCode = await run(["--version"]);
console.log(typeof ledger.account, report.eventsChecked, typeof open, typeof used[0], code);
`;

/** TypeScript, CommonJS side: compiled to require() calls, which must also run. */
export const HOST_CTS = `import { createVppLedger, InMemoryEventStore } from "@vpp-ledger/core";
import { LicenseAudit } from "@vpp-ledger/projections";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import { createPostgresReadModels } from "@vpp-ledger/projections-postgres";

const ledger = createVppLedger({ store: new InMemoryEventStore() });
console.log(typeof ledger.account, new LicenseAudit().report().eventsChecked, typeof createPostgresEventStore,
  typeof createPostgresReadModels);
`;

/** NodeNext, strict, and no skipLibCheck: every shipped .d.ts is checked with the host's dependencies only. */
export const HOST_TSCONFIG = JSON.stringify({
  compilerOptions: {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    strict: true,
    skipLibCheck: false,
    outDir: "out",
  },
  files: ["main.mts", "main.cts"],
});
