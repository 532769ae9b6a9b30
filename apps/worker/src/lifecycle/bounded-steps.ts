/** One step of a sequence that must finish by a deadline (closing the worker). */
export interface BoundedStep {
  /** Names the step in the log and in the error that lists what failed. */
  name: string;
  run: () => unknown;
  /** Time kept back for the steps after this one. @defaultValue 0 */
  reserveMs?: number;
  /** The error when the step runs out of time. @defaultValue `<name> did not finish within <ms> ms` */
  timeoutMessage?: string;
}

const timeout = Symbol('timeout');

export interface StepFailure {
  step: string;
  error: unknown;
}

/**
 * Runs the steps in order, each bounded by what is left before `deadline` (less its reserve). A step
 * that throws or runs out of time is recorded and the next one runs all the same: a hung step must not
 * keep the later ones (the connections) open. A step left running past its time is not waited for.
 */
export async function runBoundedSteps(steps: readonly BoundedStep[], deadline: number): Promise<StepFailure[]> {
  const failures: StepFailure[] = [];
  for (const step of steps) {
    const budgetMs = Math.max(0, deadline - Date.now() - (step.reserveMs ?? 0));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof timeout>((resolve) => {
      timer = setTimeout(() => resolve(timeout), budgetMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(step.run), timedOut]);
      if (outcome === timeout)
        throw new Error(step.timeoutMessage ?? `${step.name} did not finish within ${budgetMs} ms`);
    } catch (error) {
      failures.push({ step: step.name, error });
    } finally {
      clearTimeout(timer);
    }
  }
  return failures;
}
