import { afterEach } from 'vitest';

export type Defer = (...steps: Array<() => unknown>) => void;

/**
 * For a test file that starts things inside its tests: returns `defer`, which keeps teardown steps.
 * After each test the deferred steps run, last deferred first, then `always` in order (deleting the
 * test's keys, say, once nothing is left to write them).
 */
export function useCleanup(...always: Array<() => unknown>): Defer {
  const deferred: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of [...deferred.splice(0).reverse(), ...always]) await step();
  });
  return (...steps) => void deferred.push(...steps);
}
