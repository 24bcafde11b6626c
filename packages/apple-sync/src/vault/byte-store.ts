/**
 * Opaque byte storage under string keys: a database table, a file directory, a cloud secret store. The
 * encrypted vault writes only ciphertext here.
 */
export interface ByteStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A {@link ByteStore} in process memory. Copies on the way in and out so callers cannot mutate records. */
export class InMemoryByteStore implements ByteStore {
  readonly #records = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.#records.get(key);
    return value === undefined ? undefined : Uint8Array.from(value);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.#records.set(key, Uint8Array.from(value));
  }

  async delete(key: string): Promise<void> {
    this.#records.delete(key);
  }
}
