import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import type { VppAccountCommand } from "./commands.js";
import type { VppAccountEvent } from "./events.js";
import { tokenHealthAt } from "./health.js";
import type { VppAccountState } from "./state.js";

type Decision = E.Either<DomainError, ReadonlyArray<VppAccountEvent>>;
/** The account commands about devices, location-wide revocation and token health (R20–R23). */
export type DeviceAndHealthCommand = Extract<
  VppAccountCommand,
  { type: "RegisterDevice" | "RetireDevice" | "RevokeLocationLicenses" | "CheckTokenHealth" }
>;

const none: Decision = E.right([]);
const emit = (...events: VppAccountEvent[]): Decision => E.right(events);
const notLinked = E.left(
  domainError("account-not-linked", "no VPP token has been uploaded for this tenant yet"),
);

/** Decides the account's device, revocation and health commands (R20–R23). */
export const decideDevicesAndHealth = (command: DeviceAndHealthCommand, state: VppAccountState): Decision => {
  const { link } = state;
  switch (command.type) {
    case "RegisterDevice":
      if (!link) return notLinked;
      return state.devices.get(command.data.serialNumber) === "registered"
        ? none
        : emit({ type: "DeviceRegistered", data: command.data });
    case "RetireDevice":
      return link ? emit({ type: "DeviceRetired", data: command.data }) : notLinked;
    case "RevokeLocationLicenses":
      return link ? emit({ type: "LocationLicensesRevoked", data: command.data }) : notLinked;
    case "CheckTokenHealth": {
      const health = tokenHealthAt(state, command.data.at);
      if (!link || health === null || health === state.tokenHealth) return none;
      const { at } = command.data;
      return emit({
        type: "TokenHealthChanged",
        data: { health, previous: state.tokenHealth, expiresAt: link.expiresAt, at },
      });
    }
  }
};
