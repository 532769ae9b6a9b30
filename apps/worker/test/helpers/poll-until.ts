/**
 * Resolves with the first truthy result of `check`, asked again `intervalMs` after each answer; for
 * state with no event to wait on (queue counts in Redis, a process that was SIGKILLed). The interval
 * only paces the asking; `timeoutMs` bounds a test that would hang and decides nothing else.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | false>,
  o: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`pollUntil: ${o.what} did not happen within ${o.timeoutMs ?? 30_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, o.intervalMs ?? 25));
  }
}
