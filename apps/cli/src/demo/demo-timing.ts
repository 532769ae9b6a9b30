const second = 1000;
const minute = 60 * second;

/** How fast the demo's story unfolds; every interval the worker and the emulated tenant use follows from `speed`. */
export interface DemoTiming {
  speed: number;
  /** POLL_INTERVAL, POLL_DELAY, POLL_OVERLAP: whole seconds, as the worker's environment takes them. */
  pollIntervalMs: number;
  pollDelayMs: number;
  pollOverlapMs: number;
  /** The routes' group_wait during the demo (the shipped 30 s would use up half of it). */
  groupWaitMs: number;
  /** Cap on the routes' group_interval, so follow-ups in a thread show within the demo. */
  groupIntervalMaxMs: number;
  /** When the three incidents start, from the demo's start. */
  incidentOffsetsMs: [number, number, number];
  /** Graph's publication delay (1–3 min in a real tenant), scaled as POLL_DELAY is scaled from the real 7 min. */
  publicationDelayMs: { min: number; max: number };
}

export const demoSpeeds = { min: 1, max: 10 } as const;

const wholeSeconds = (ms: number) => Math.max(second, Math.round(ms / second) * second);

/**
 * The demo's clock is the wall clock; `speed` only compresses the story: the worker polls every 5 s,
 * 10 s behind, with incidents at +20 s, +50 s and +80 s at speed 1, and each of those divided by
 * `speed` (the incidents' own records move closer together by the same factor).
 */
export function demoTiming(speed: number): DemoTiming {
  const pollDelayMs = wholeSeconds((10 * second) / speed);
  const scale = pollDelayMs / (7 * minute);
  return {
    speed,
    pollIntervalMs: wholeSeconds((5 * second) / speed),
    pollDelayMs,
    pollOverlapMs: minute,
    groupWaitMs: second,
    groupIntervalMaxMs: 10 * second,
    incidentOffsetsMs: [20, 50, 80].map((s) => Math.round((s * second) / speed)) as [number, number, number],
    publicationDelayMs: { min: Math.round(minute * scale), max: Math.round(3 * minute * scale) },
  };
}
