import type { CheckpointStore } from './checkpoint-store.js';

/** A watermark in memory: for tests and one-shot runs. */
export class MemoryCheckpointStore implements CheckpointStore {
  constructor(private watermark?: number) {}

  async getWatermark(): Promise<number | undefined> {
    return this.watermark;
  }

  async setWatermark(ms: number): Promise<void> {
    this.watermark = ms;
  }
}
