import * as grpc from "@grpc/grpc-js";
import { esdbError } from "./wire.js";

/** A call the fake is about to serve: which RPC, on which stream (`$all` for log reads). */
export interface CallInfo {
  readonly method: "read" | "append";
  readonly stream: string;
}

/** How a call fails: with this status, before or after the server applied it (a lost response). */
export interface Fault {
  readonly status: Partial<grpc.StatusObject>;
  readonly afterCommit: boolean;
}

/** Decides whether a call fails: how, or undefined to serve it. */
export type FaultCheck = (call: CallInfo) => Fault | undefined;

/** What a test arms: the next `times` calls of `method` (on `stream`, if given) fail with `code`. */
export interface FaultSpec {
  readonly times?: number;
  readonly code?: grpc.status;
  readonly stream?: string;
  /** Apply the append, then fail: the client never hears that it was written. */
  readonly afterCommit?: boolean;
}

/** Armed faults, consumed in order by the calls they match. */
export class Faults {
  readonly #armed: Array<{ method: string; stream?: string; code: grpc.status; afterCommit: boolean }> = [];

  arm(method: CallInfo["method"], spec: FaultSpec = {}): void {
    for (let i = 0; i < (spec.times ?? 1); i++) {
      this.#armed.push({
        method,
        code: spec.code ?? grpc.status.UNAVAILABLE,
        afterCommit: spec.afterCommit === true,
        ...(spec.stream === undefined ? {} : { stream: spec.stream }),
      });
    }
  }

  readonly check: FaultCheck = ({ method, stream }) => {
    const index = this.#armed.findIndex(
      (fault) => fault.method === method && (fault.stream === undefined || fault.stream === stream),
    );
    if (index === -1) return undefined;
    const [fault] = this.#armed.splice(index, 1);
    return { status: esdbError(fault!.code, `injected ${method} failure`), afterCommit: fault!.afterCommit };
  };
}
