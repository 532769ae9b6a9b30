/** Where a poller keeps its watermark: the end of the last window read completely (epoch ms). */
export interface CheckpointStore {
  getWatermark(): Promise<number | undefined>;
  setWatermark(ms: number): Promise<void>;
}
