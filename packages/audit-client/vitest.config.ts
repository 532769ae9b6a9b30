import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Tests import sibling packages from src through the "development" export condition, so no build is needed.
// testkit depends on this package, so a package dependency back on it would be a cycle: its emulator
// reaches these tests through an alias instead (and through `paths` in tsconfig.json for typecheck).
export default defineProject({
  resolve: {
    conditions: ['development'],
    alias: { '@b2c-alerts/testkit': fileURLToPath(new URL('../testkit/src/index.ts', import.meta.url)) },
  },
  ssr: { resolve: { conditions: ['development'] } },
  test: { name: 'audit-client', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
