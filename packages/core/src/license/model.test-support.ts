import type { LicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";

const PLATFORMS = ["iOS", "macOS", "tvOS", "watchOS", "visionOS"];
type Expected = { events: LicenseEvent[] } | { error: string };
const ok = (...events: LicenseEvent[]): Expected => ({ events });

/**
 * A deliberately plain model of one pool, written from the rules (R12–R16, R20–R22) rather than from decide.ts:
 * what each command must produce, or the code it must be refused with.
 */
export class PoolModel {
  purchased = 0;
  deployment: string | null = null;
  licensing = "user";
  readonly holders = new Set<string>();
  readonly devices = new Set<string>();
  readonly metadata: Record<string, unknown> = {};
  usage = "normal";

  get assigned(): number {
    return this.holders.size + this.devices.size;
  }

  #deviceRefusal(platform: string): string | undefined {
    if (this.deployment !== "required" && this.deployment !== "available") return "app-not-deployed";
    if (this.licensing !== "device") return "licensing-mode-mismatch";
    if (this.metadata.deviceAssignable !== true) return "not-device-assignable";
    const platforms = this.metadata.supportedPlatforms as string[] | undefined;
    if (!platforms?.includes(platform)) return "platform-not-supported";
    return undefined;
  }

  expect(command: LicenseCommand): Expected {
    switch (command.type) {
      case "SyncPurchasedCount": {
        const { purchased, at, ...given } = command.data;
        // A field Apple sent that differs from what the pool knows; platforms compared as sets.
        const changed = Object.fromEntries(
          Object.entries(given)
            .map(([key, value]) =>
              key === "supportedPlatforms"
                ? [key, PLATFORMS.filter((p) => (value as string[]).includes(p))]
                : [key, value],
            )
            .filter(([key, value]) => JSON.stringify(this.metadata[key as string]) !== JSON.stringify(value)),
        );
        if (purchased === this.purchased && Object.keys(changed).length === 0) return ok();
        const synced = {
          type: "PurchasedCountSynced",
          data: { purchased, previous: this.purchased, at, ...changed },
        } as LicenseEvent;
        if (purchased === this.purchased) return ok(synced);
        return purchased < this.assigned
          ? ok(synced, { type: "OverAllocationDetected", data: { purchased, assigned: this.assigned, at } })
          : ok(synced);
      }
      case "DeployApp": {
        const licensing = command.data.licensing ?? this.licensing;
        if (command.data.action === this.deployment && licensing === this.licensing) return ok();
        if (
          licensing === "device" &&
          command.data.action !== "uninstall" &&
          this.metadata.deviceAssignable !== true
        )
          return { error: "not-device-assignable" };
        return ok({ type: "AppDeployed", data: command.data });
      }
      case "RequestInstall":
        if (this.holders.has(command.data.userId)) return ok();
        if (this.licensing !== "user") return { error: "licensing-mode-mismatch" }; // R20: no invitation
        return ok({ type: "InstallRequested", data: command.data });
      case "AssignLicense": {
        const { userId, termsAccepted, at } = command.data;
        if (this.holders.has(userId)) return ok(); // R13
        if (this.deployment !== "required" && this.deployment !== "available")
          return { error: "app-not-deployed" };
        if (this.licensing !== "user") return { error: "licensing-mode-mismatch" };
        if (!termsAccepted) return { error: "terms-not-accepted" }; // R15
        if (this.assigned >= this.purchased) return { error: "no-license-available" }; // R16
        return ok({ type: "LicenseAssigned", data: { userId, at } });
      }
      case "ReclaimLicense":
        return this.holders.has(command.data.userId)
          ? ok({ type: "LicenseReclaimed", data: command.data })
          : ok();
      case "RecordAppInstalled":
        return this.holders.has(command.data.userId)
          ? ok({ type: "AppInstalled", data: command.data })
          : { error: "license-not-held" };
      case "RecordInstallFailure":
        return ok({ type: "InstallFailed", data: command.data });
      case "AssignDeviceLicense": {
        if (this.devices.has(command.data.serialNumber)) return ok(); // R13 per device
        const refusal = this.#deviceRefusal(command.data.platform);
        if (refusal) return { error: refusal };
        if (this.assigned >= this.purchased) return { error: "no-license-available" }; // R16 over both
        return ok({ type: "DeviceLicenseAssigned", data: command.data });
      }
      case "ImportDeviceLicense": {
        // R9, R20: Apple already holds it; no deployment or platform check, but R16 still refuses past the count.
        if (this.devices.has(command.data.serialNumber)) return ok(); // R13: a second sync imports nothing
        if (this.licensing !== "device") return { error: "licensing-mode-mismatch" };
        if (this.metadata.deviceAssignable !== true) return { error: "not-device-assignable" };
        if (this.assigned >= this.purchased) return { error: "no-license-available" };
        return ok({ type: "DeviceLicenseImported", data: command.data });
      }
      case "ReclaimDeviceLicense":
        return this.devices.has(command.data.serialNumber)
          ? ok({ type: "DeviceLicenseReclaimed", data: command.data })
          : ok();
      case "MoveLicenseToDevice": {
        const { userId, serialNumber, platform, at } = command.data;
        if (this.devices.has(serialNumber)) {
          return this.holders.has(userId)
            ? ok({ type: "LicenseReclaimed", data: { userId, reason: "moved-to-device", at } })
            : ok();
        }
        const refusal = this.#deviceRefusal(platform);
        if (refusal) return { error: refusal };
        if (this.holders.has(userId)) return ok({ type: "LicenseMovedToDevice", data: command.data });
        if (this.assigned >= this.purchased) return { error: "no-license-available" };
        return ok({ type: "DeviceLicenseAssigned", data: { serialNumber, platform, at } });
      }
      case "RecordPoolUsage": {
        const { thresholdPercent, at } = command.data;
        const { assigned, purchased } = this;
        const level =
          purchased === 0
            ? assigned > 0
              ? "exhausted"
              : "normal"
            : assigned >= purchased
              ? "exhausted"
              : assigned / purchased >= thresholdPercent / 100
                ? "threshold"
                : "normal";
        if (level === this.usage) return ok();
        return ok({
          type: "PoolUsageChanged",
          data: { level, previous: this.usage, assigned, purchased, thresholdPercent, at },
        } as LicenseEvent);
      }
      case "RevokeAllLicenses": {
        if (this.assigned === 0) return ok();
        const { scope, reason, at } = command.data;
        const userIds = [...this.holders];
        const serialNumbers = [...this.devices];
        return ok({ type: "LicensesRevoked", data: { scope, reason, userIds, serialNumbers, at } });
      }
    }
  }

  apply(event: LicenseEvent): void {
    switch (event.type) {
      case "PurchasedCountSynced": {
        const { purchased, previous: _previous, at: _at, ...metadata } = event.data;
        this.purchased = purchased;
        Object.assign(this.metadata, metadata);
        return;
      }
      case "AppDeployed":
        this.deployment = event.data.action;
        this.licensing = event.data.licensing ?? this.licensing;
        return;
      case "LicenseAssigned":
        this.holders.add(event.data.userId);
        return;
      case "LicenseReclaimed":
        this.holders.delete(event.data.userId);
        return;
      case "DeviceLicenseAssigned":
      case "DeviceLicenseImported":
        this.devices.add(event.data.serialNumber);
        return;
      case "DeviceLicenseReclaimed":
        this.devices.delete(event.data.serialNumber);
        return;
      case "LicenseMovedToDevice":
        this.holders.delete(event.data.userId);
        this.devices.add(event.data.serialNumber);
        return;
      case "LicensesRevoked":
        this.holders.clear();
        this.devices.clear();
        return;
      case "PoolUsageChanged":
        this.usage = event.data.level;
        return;
      default:
        return;
    }
  }
}
