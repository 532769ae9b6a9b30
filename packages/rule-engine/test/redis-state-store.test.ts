import { describe } from 'vitest';
import { redisHarness } from './support/redis-harness.js';
import { stateStoreSuite } from './support/state-store-suite.js';

describe('RedisStateStore', () => {
  stateStoreSuite(redisHarness);
});
