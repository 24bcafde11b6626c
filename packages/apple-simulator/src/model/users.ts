import { randomHex } from "../token.js";
import type { VersionClock } from "./versioning.js";
import { VersionedCollection } from "./versioning.js";

/** Apple's user statuses. `Deleted` is legacy and never produced by the simulator. */
export type UserStatus = "Registered" | "Associated" | "Retired" | "Deleted";

/** One user row. A clientUserId has at most one active row and any number of Retired rows. */
export interface UserRecord {
  /** Internal row identity; never on the wire. */
  readonly rowId: number;
  readonly clientUserId: string;
  email: string | undefined;
  managedAppleId: string | undefined;
  idHash: string | undefined;
  inviteCode: string | undefined;
  status: UserStatus;
  /** Version of the last change, for `sinceVersionId`. */
  changedAt: number;
}

/** The fields a create or update may set. */
export interface UserFields {
  readonly email?: string | undefined;
  readonly managedAppleId?: string | undefined;
}

/** Apple's idHash is an opaque hash of the Apple Account; the simulator makes one up. */
const newIdHash = (): string => Buffer.from(randomHex(24), "hex").toString("base64");
const newInviteCode = (): string => randomHex(16);

/** Whether a user row is active (not retired). */
export const isActive = (user: UserRecord): boolean =>
  user.status === "Registered" || user.status === "Associated";

/** The users of a location, in creation order. */
export class UserStore {
  private readonly rows: UserRecord[] = [];
  private readonly activeByClientUserId = new Map<string, UserRecord>();
  private readonly byRow = new Map<number, UserRecord>();
  private nextRowId = 1;
  /** Versioned: `GET users` accepts `sinceVersionId`. */
  readonly collection: VersionedCollection;

  constructor(clock: VersionClock) {
    this.collection = new VersionedCollection(clock);
  }

  /** The active row of a clientUserId, if any. */
  active(clientUserId: string): UserRecord | undefined {
    return this.activeByClientUserId.get(clientUserId);
  }

  /** The row with this internal id. */
  byRowId(rowId: number): UserRecord | undefined {
    return this.byRow.get(rowId);
  }

  /**
   * Creates an active user: Associated at once when a Managed Apple Account is given (no invitation needed),
   * otherwise Registered with an invite code. The caller checks there is no active row yet.
   */
  create(clientUserId: string, fields: UserFields, status?: "Registered" | "Associated"): UserRecord {
    const associated =
      status === "Associated" || (status === undefined && fields.managedAppleId !== undefined);
    const user: UserRecord = {
      rowId: this.nextRowId++,
      clientUserId,
      email: fields.email,
      managedAppleId: fields.managedAppleId,
      idHash: associated ? newIdHash() : undefined,
      inviteCode: associated && fields.managedAppleId !== undefined ? undefined : newInviteCode(),
      status: associated ? "Associated" : "Registered",
      changedAt: this.collection.write(),
    };
    this.rows.push(user);
    this.byRow.set(user.rowId, user);
    this.activeByClientUserId.set(clientUserId, user);
    return user;
  }

  /** Updates email and Managed Apple Account; giving one to a Registered user associates it. */
  update(user: UserRecord, fields: UserFields): void {
    if (fields.email !== undefined) user.email = fields.email;
    if (fields.managedAppleId !== undefined) {
      user.managedAppleId = fields.managedAppleId;
      if (user.status === "Registered") this.markAssociated(user);
    }
    user.changedAt = this.collection.write();
  }

  /** The user accepted the invitation with an Apple Account. */
  associate(user: UserRecord): void {
    this.markAssociated(user);
    user.changedAt = this.collection.write();
  }

  /** Retires the row; a later create with the same clientUserId makes a new row. */
  retire(user: UserRecord): void {
    user.status = "Retired";
    this.activeByClientUserId.delete(user.clientUserId);
    user.changedAt = this.collection.write();
  }

  /** Every row in creation order. */
  list(): readonly UserRecord[] {
    return this.rows;
  }

  private markAssociated(user: UserRecord): void {
    user.status = "Associated";
    user.idHash ??= newIdHash();
  }
}
