interface Node<T> {
  key: number;
  seq: number;
  value: T;
}

/** A binary min-heap by numeric key; equal keys pop in insertion order, so output is deterministic. */
export class TickHeap<T> {
  private readonly nodes: Node<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.nodes.length;
  }

  /** The smallest key, or +Infinity when empty. */
  peekKey(): number {
    return this.nodes.length > 0 ? this.nodes[0]!.key : Number.POSITIVE_INFINITY;
  }

  push(key: number, value: T): void {
    const nodes = this.nodes;
    const node = { key, seq: this.seq++, value };
    let i = nodes.length;
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(node, nodes[parent]!)) break;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    nodes[i] = node;
  }

  pop(): T | undefined {
    const nodes = this.nodes;
    const top = nodes[0];
    const last = nodes.pop();
    if (!top || !last) return undefined;
    if (nodes.length > 0) {
      let i = 0;
      const n = nodes.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && less(nodes[right]!, nodes[left]!) ? right : left;
        if (!less(nodes[child]!, last)) break;
        nodes[i] = nodes[child]!;
        i = child;
      }
      nodes[i] = last;
    }
    return top.value;
  }
}

function less<T>(a: Node<T>, b: Node<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}
