import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { type InstallStateRow, projectInstallMonitor } from "./install-monitor.js";

describe("projectInstallMonitor", () => {
  const l = ledger();
  const row: InstallStateRow = {
    tenantId: "acme",
    adamId: "1",
    userId: "u1",
    state: "pending",
    holdsLicense: true,
    failure: null,
    updatedAt: at(1),
  };

  it("R15: invitations, acceptances and retirements set the user's terms status", () => {
    const accepted = l.account("acme", { type: "TermsAccepted", data: { userId: "u1", at: at(1) } });
    expect(projectInstallMonitor(accepted, { install: undefined, deployment: undefined })).toEqual([
      { kind: "terms-set", tenantId: "acme", userId: "u1", terms: "accepted" },
    ]);
  });

  it("R17: an install request waits for the terms unless the user already holds a license", () => {
    const request = l.license("acme", "1", { type: "InstallRequested", data: { userId: "u1", at: at(2) } });
    expect(projectInstallMonitor(request, { install: undefined, deployment: undefined })).toEqual([
      {
        kind: "install-upserted",
        row: { ...row, state: "awaiting-terms", holdsLicense: false, updatedAt: at(2) },
      },
    ]);
    expect(projectInstallMonitor(request, { install: row, deployment: undefined })).toEqual([
      { kind: "install-upserted", row: { ...row, updatedAt: at(2) } },
    ]);
  });

  it("R14: an assignment while the app is being uninstalled is uninstall-pending at once", () => {
    const assign = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(3) } });
    const [change] = projectInstallMonitor(assign, { install: undefined, deployment: "uninstall" });
    expect(change).toMatchObject({ row: { state: "uninstall-pending", holdsLicense: true } });
  });

  it("R14: uninstalling an app is one change for every holder's install", () => {
    const uninstall = l.license("acme", "1", {
      type: "AppDeployed",
      data: { action: "uninstall", at: at(4) },
    });
    expect(projectInstallMonitor(uninstall, { install: undefined, deployment: undefined })).toEqual([
      { kind: "deployment-set", tenantId: "acme", adamId: "1", action: "uninstall" },
      { kind: "uninstall-pending", tenantId: "acme", adamId: "1", at: at(4) },
    ]);
  });

  it("R17: a failure keeps its reason; a reclaim frees the license", () => {
    const failed = l.license("acme", "1", {
      type: "InstallFailed",
      data: { userId: "u1", reason: { code: "no-license-available", message: "none left" }, at: at(5) },
    });
    expect(projectInstallMonitor(failed, { install: row, deployment: "required" })).toEqual([
      {
        kind: "install-upserted",
        row: {
          ...row,
          state: "failed",
          failure: { code: "no-license-available", message: "none left" },
          updatedAt: at(5),
        },
      },
    ]);
    const reclaimed = l.license("acme", "1", {
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "user-retired", at: at(6) },
    });
    expect(projectInstallMonitor(reclaimed, { install: row, deployment: "required" })[0]).toMatchObject({
      row: { state: "reclaimed", holdsLicense: false },
    });
  });
});
