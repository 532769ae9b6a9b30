import { Prng } from '../random/prng.js';

export type FaultKind =
  | '429'
  | '429-no-retry-after'
  | '500'
  | '502'
  | '503'
  | '504'
  | 'html'
  | 'truncated-json'
  | 'duplicate-across-boundary'
  | 'network-reset'
  | '401'
  | '403'
  /** Never answers (until the emulator closes): a client's own timeout must end the request. Queued only. */
  | 'hang';

export interface Fault {
  kind: FaultKind;
  /** For '429' (default 1) and '503' (no header unless set). 0 is allowed: clients really wait. */
  retryAfterSeconds?: number;
}

export interface RandomFaults {
  probability: number;
  kinds: readonly FaultKind[];
  seed?: number;
  /** Retry-After for random '429's; default 1. */
  retryAfterSeconds?: number;
}

export const faultKinds: readonly FaultKind[] = [
  '429',
  '429-no-retry-after',
  '500',
  '502',
  '503',
  '504',
  'html',
  'truncated-json',
  'duplicate-across-boundary',
  'network-reset',
  '401',
  '403',
];

/**
 * Kinds that may be queued but never drawn at random: a 'hang' costs a client its whole request timeout,
 * which random faults in a long run would multiply.
 */
const queuedOnlyFaultKinds: readonly FaultKind[] = ['hang'];

/** The faults a reader must absorb by retrying: every kind but the permanent '401' and '403'. */
export const transientFaultKinds: readonly FaultKind[] = faultKinds.filter((kind) => kind !== '401' && kind !== '403');

function checkFault(fault: Fault, kinds: readonly FaultKind[] = [...faultKinds, ...queuedOnlyFaultKinds]): void {
  if (!kinds.includes(fault.kind))
    throw new TypeError(`Unknown fault kind '${String(fault.kind)}'; use one of ${kinds.join(', ')}`);
  const r = fault.retryAfterSeconds;
  if (r !== undefined && !(Number.isInteger(r) && r >= 0))
    throw new RangeError('`retryAfterSeconds` must be a non-negative integer');
}

/**
 * Faults waiting for the next Graph GETs, in order, then (when configured) random ones drawn from a
 * seeded PRNG. A 'duplicate-across-boundary' fault needs a page boundary to repeat a record across,
 * so it waits at the head of the queue until a GET continues a previous page (`$skiptoken`).
 */
export class FaultQueue {
  private readonly queue: Fault[] = [];
  private readonly random: (RandomFaults & { prng: Prng }) | undefined;

  constructor(random?: RandomFaults) {
    if (random) {
      if (!(random.probability >= 0 && random.probability <= 1))
        throw new RangeError('`randomFaults.probability` must be within [0, 1]');
      if (random.kinds.length === 0) throw new RangeError('`randomFaults.kinds` must name at least one fault kind');
      for (const kind of random.kinds) checkFault({ kind, retryAfterSeconds: random.retryAfterSeconds }, faultKinds);
      this.random = { ...random, prng: new Prng(random.seed ?? 1) };
    }
  }

  push(...faults: Fault[]): void {
    for (const fault of faults) checkFault(fault);
    this.queue.push(...faults.map((f) => ({ ...f })));
  }

  get pending(): number {
    return this.queue.length;
  }

  /** The fault for this GET, if any; `continuation` is whether it carries a `$skiptoken`. */
  take(continuation: boolean): Fault | undefined {
    const head = this.queue[0];
    if (head) {
      if (head.kind === 'duplicate-across-boundary' && !continuation) return undefined;
      return this.queue.shift();
    }
    const random = this.random;
    if (!random || !random.prng.chance(random.probability)) return undefined;
    const kind = random.prng.pick(random.kinds);
    if (kind === 'duplicate-across-boundary' && !continuation) return undefined;
    return { kind, retryAfterSeconds: random.retryAfterSeconds };
  }
}
