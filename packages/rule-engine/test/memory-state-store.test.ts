import { describe } from 'vitest';
import { memoryHarness, stateStoreSuite } from './support/state-store-suite.js';

describe('MemoryStateStore', () => {
  stateStoreSuite(memoryHarness);
});
