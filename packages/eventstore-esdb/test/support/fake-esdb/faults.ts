import * as grpc from "@grpc/grpc-js";
import { esdbError } from "./wire.js";

/** A call the fake is about to serve: which RPC, on which stream (`$all` for log reads). */
export interface CallInfo {
  readonly method: "read" | "append";
  readonly stream: string;
}

/** Decides whether a call fails: the status to fail it with, or undefined to serve it. */
export type FaultCheck = (call: CallInfo) => Partial<grpc.StatusObject> | undefined;

/** What a test arms: the next `times` calls of `method` (on `stream`, if given) fail with `code`. */
export interface FaultSpec {
  readonly times?: number;
  readonly code?: grpc.status;
  readonly stream?: string;
}

/** Armed faults, consumed in order by the calls they match. */
export class Faults {
  readonly #armed: Array<{ method: string; stream?: string; code: grpc.status }> = [];

  arm(method: CallInfo["method"], spec: FaultSpec = {}): void {
    for (let i = 0; i < (spec.times ?? 1); i++) {
      this.#armed.push({
        method,
        code: spec.code ?? grpc.status.UNAVAILABLE,
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
    return esdbError(fault!.code, `injected ${method} failure`);
  };
}
