import { defineProject } from 'vitest/config';

// Tests import sibling packages from src through the "development" export condition, so no build is needed.
export default defineProject({
  resolve: { conditions: ['development'] },
  ssr: { resolve: { conditions: ['development'] } },
  test: { name: 'console', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
