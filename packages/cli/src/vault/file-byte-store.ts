import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ByteStore } from "@vpp-ledger/apple-sync";

/**
 * A `ByteStore` in a directory, one file per key (the key base64url-encoded, so any key is a safe file name).
 * It only ever holds what the encrypted vault writes: sealed records, never a token in clear. Writes go to a
 * temporary file renamed into place, so a crash leaves the old record or the new one, never half of one.
 */
export class FileByteStore implements ByteStore {
  constructor(private readonly directory: string) {}

  #path(key: string): string {
    return join(this.directory, `${Buffer.from(key, "utf8").toString("base64url")}.sealed`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.#path(key)));
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const path = this.#path(key);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, value, { mode: 0o600 });
    await rename(temporary, path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
