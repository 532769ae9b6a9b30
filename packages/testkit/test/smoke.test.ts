import { expect, test } from 'vitest';
import { VirtualClock } from '@b2c-alerts/audit-client';
test('cross-package import resolves from src', async () => {
  const c = new VirtualClock(0);
  await c.sleep(5);
  expect(c.now()).toBe(5);
});
