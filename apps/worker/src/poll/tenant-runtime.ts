import { join } from 'node:path';
import {
  ArchiveWriter,
  DirectoryNameResolver,
  GraphAuditReader,
  createTokenProvider,
  resolveEndpoints,
  type Clock,
  type PollWindowOptions,
} from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/config.js';
import { RedisCheckpointStore } from '../redis/redis-checkpoint-store.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { RedisSeenStore } from '../redis/redis-seen-store.js';
import type { TenantConfig } from '../config/tenants/tenant-config.js';

/** What polling one tenant needs, built once per process: its reader is the tenant's Graph budget. */
export interface TenantRuntime {
  config: TenantConfig;
  reader: GraphAuditReader;
  /** Names of application and service-principal ids for the tenant's alerts; shares the reader's tokens. */
  names: DirectoryNameResolver;
  checkpoint: RedisCheckpointStore;
  seen: RedisSeenStore;
  archive?: ArchiveWriter;
}

export interface TenantRuntimeDeps {
  redis: Redis;
  keys: RedisKeys;
  graph: WorkerConfig['graph'];
  window: PollWindowOptions;
  archiveDir?: string;
  clock: Clock;
  logger: Logger;
  /** Aborted when the app closes: name lookups in flight stop. */
  signal?: AbortSignal;
}

/** Seen ids are kept this much longer than a window can reach back (overlap + delay). */
const seenMarginMs = 60 * 60_000;

export function createTenantRuntime(tenant: TenantConfig, o: TenantRuntimeDeps): TenantRuntime {
  const logger = o.logger.child({ tenant: tenant.name });
  const tokenProvider = createTokenProvider(tenant.connection, { logger });
  const graphBaseUrl = resolveEndpoints(tenant.connection).graphBaseUrl;
  const reader = new GraphAuditReader({
    tokenProvider,
    graphBaseUrl,
    services: tenant.services,
    pageSize: o.graph.pageSize,
    rateLimit: o.graph.rateLimit,
    ...(o.graph.retry ? { retry: o.graph.retry } : {}),
    clock: o.clock,
    logger,
  });
  return {
    config: tenant,
    reader,
    names: new DirectoryNameResolver({
      tokenProvider,
      graphBaseUrl,
      clock: o.clock,
      logger,
      ...(o.signal ? { signal: o.signal } : {}),
    }),
    checkpoint: new RedisCheckpointStore(o.redis, o.keys.watermark(tenant.name)),
    seen: new RedisSeenStore({
      redis: o.redis,
      key: o.keys.seen(tenant.name),
      horizonMs: o.window.overlapMs + o.window.delayMs + seenMarginMs,
    }),
    ...(o.archiveDir !== undefined
      ? { archive: new ArchiveWriter({ dir: join(o.archiveDir, tenant.name), tenant: tenant.connection.tenantId }) }
      : {}),
  };
}
