/** Collects every error a test suite saw, to assert afterwards that no secret leaked into one. */
export class ErrorLedger {
  readonly errors: unknown[] = [];

  async capture<T>(promise: Promise<T>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      this.errors.push(error);
      return error;
    }
    throw new Error('expected the promise to reject');
  }

  /** Every message in the chain of causes, and their stacks. */
  texts(): string[] {
    const out: string[] = [];
    for (let e of this.errors) {
      for (let depth = 0; e instanceof Error && depth < 5; depth++, e = (e as Error).cause)
        out.push(e.message, e.stack ?? '');
    }
    return out;
  }
}
