import type { AuditEvent } from '@b2c-alerts/audit-client';
import { compareReplayOrder } from './compare-replay-order.js';

interface Entry {
  event: AuditEvent;
  /** Arrival number: equal events leave in arrival order. */
  seq: number;
}

function before(a: Entry, b: Entry): boolean {
  return (compareReplayOrder(a.event, b.event) || a.seq - b.seq) < 0;
}

/**
 * Holds events and gives them back in replay order (time, id, arrival), the oldest first. A binary
 * min-heap: input that is already in order or nearly so costs O(log n) per event, n being what is held.
 */
export class ReorderBuffer {
  private readonly heap: Entry[] = [];
  private arrivals = 0;

  push(event: AuditEvent): void {
    const heap = this.heap;
    const entry = { event, seq: this.arrivals++ };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes and returns, oldest first, every event held whose time is before `cutoff`. */
  takeBefore(cutoff: number): AuditEvent[] {
    const out: AuditEvent[] = [];
    while (this.heap.length > 0 && this.heap[0]!.event.timestamp < cutoff) out.push(this.pop());
    return out;
  }

  /** Removes and returns everything held, oldest first. */
  takeAll(): AuditEvent[] {
    const out: AuditEvent[] = [];
    while (this.heap.length > 0) out.push(this.pop());
    return out;
  }

  private pop(): AuditEvent {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top.event;
  }
}
