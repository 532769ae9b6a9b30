import { compareCodePoints } from '../../evaluation/code-point-order.js';

export interface ScoredMember {
  member: string;
  score: number;
}

/**
 * An in-memory sorted set with Redis's order (score, then member by code point), for MemoryStateStore.
 * Appending in order and trimming the low end are O(1) amortized; inserting out of order is O(n).
 */
export class SortedSet {
  private entries: ScoredMember[] = [];
  private head = 0;
  private readonly scores = new Map<string, number>();

  get size(): number {
    return this.scores.size;
  }

  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  /** Adds or re-scores `member`; true when it was new. */
  add(member: string, score: number): boolean {
    const old = this.scores.get(member);
    if (old !== undefined) {
      if (old === score) return false;
      this.removeAt(this.indexOf(member, old));
    }
    this.scores.set(member, score);
    const entry = { member, score };
    const last = this.entries[this.entries.length - 1];
    if (this.entries.length === this.head || (last !== undefined && compare(last, entry) < 0)) {
      this.entries.push(entry);
    } else {
      this.entries.splice(this.lowerBound(entry), 0, entry);
    }
    return old === undefined;
  }

  remove(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.removeAt(this.indexOf(member, score));
    this.scores.delete(member);
    return true;
  }

  /** 0-based rank of `member`, or undefined. */
  rank(member: string): number | undefined {
    const score = this.scores.get(member);
    return score === undefined ? undefined : this.indexOf(member, score) - this.head;
  }

  /** Number of members ordered before (score, member), whether or not that member is in the set. */
  rankOf(score: number, member: string): number {
    return this.lowerBound({ member, score }) - this.head;
  }

  /** Number of members with score <= `max`. */
  countAtMost(max: number): number {
    return this.upperBoundScore(max) - this.head;
  }

  /** Number of members with `min` < score < `max`. */
  countBetweenExclusive(min: number, max: number): number {
    return Math.max(0, this.lowerBoundScore(max) - this.upperBoundScore(min));
  }

  /** Members of ranks `start`..`stop` inclusive (clamped). */
  byRank(start: number, stop: number): ScoredMember[] {
    const from = this.head + Math.max(0, start);
    const to = Math.min(this.entries.length, this.head + stop + 1);
    return from < to ? this.entries.slice(from, to) : [];
  }

  first(): ScoredMember | undefined {
    return this.entries[this.head];
  }

  last(): ScoredMember | undefined {
    return this.entries.length > this.head ? this.entries[this.entries.length - 1] : undefined;
  }

  /** Removes and returns every member with score <= `max`. */
  removeAtMost(max: number): string[] {
    const end = this.upperBoundScore(max);
    const removed = this.entries.slice(this.head, end).map((e) => e.member);
    for (const member of removed) this.scores.delete(member);
    this.head = end;
    this.compact();
    return removed;
  }

  private removeAt(index: number): void {
    if (index === this.head) {
      this.head += 1;
      this.compact();
    } else {
      this.entries.splice(index, 1);
    }
  }

  /** Lets go of the entries before `head` once they are most of the array: trimming stays O(1) amortized. */
  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private indexOf(member: string, score: number): number {
    return this.lowerBound({ member, score });
  }

  private lowerBound(entry: ScoredMember): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.entries[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose score is >= `score`. */
  private lowerBoundScore(score: number): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.score < score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose score is > `score`. */
  private upperBoundScore(score: number): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.score <= score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: ScoredMember, b: ScoredMember): number {
  return a.score !== b.score ? a.score - b.score : compareCodePoints(a.member, b.member);
}
