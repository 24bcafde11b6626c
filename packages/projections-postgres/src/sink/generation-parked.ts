import type { ParkedStream, ParkedStreamStore } from "@vpp-ledger/core";

/** The reader name a generation's parked streams are kept under: `<processor>#g<generation>`. */
export const generationReader = (reader: string, generation: number): string => `${reader}#g${generation}`;

/**
 * Parked streams per generation of the read models. A parked stream's held-back events are applied when it is
 * resumed, up to the reader's position, and that position is a generation's: a rebuild reading from 0 and the
 * serving version each need their own entries, or resuming in one would release the stream for the other
 * (whose events would then never be applied). The generation is the one the sink pinned for the current pass.
 */
export class GenerationParkedStreams implements ParkedStreamStore {
  constructor(
    private readonly parked: ParkedStreamStore,
    private readonly generation: () => number | undefined,
  ) {}

  #reader(reader: string): string {
    const generation = this.generation();
    // The processor reads its sink's position (which pins the generation) before it touches parked streams.
    if (generation === undefined)
      throw new Error("parked streams used before the sink pinned its generation");
    return generationReader(reader, generation);
  }

  async park(entry: ParkedStream): Promise<void> {
    await this.parked.park({ ...entry, reader: this.#reader(entry.reader) });
  }

  async list(reader?: string): Promise<ReadonlyArray<ParkedStream>> {
    if (reader === undefined) return this.parked.list();
    const entries = await this.parked.list(this.#reader(reader));
    return entries.map((entry) => ({ ...entry, reader }));
  }

  async release(reader: string, streamId: string): Promise<void> {
    await this.parked.release(this.#reader(reader), streamId);
  }
}
