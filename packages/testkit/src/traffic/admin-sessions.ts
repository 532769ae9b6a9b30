import type { B2cEventBuilder } from './b2c-event-builder.js';
import type { TenantAdmin } from './known-admins.js';
import type { Prng } from '../random/prng.js';
import { TICKS_PER_MS, type SessionSink } from './session-sink.js';

interface AdminStep {
  activity: string;
  category: string;
  target: 'tenant' | 'policy' | 'user-flow';
}

/** Portal page loads: what a known admin reads while looking around. */
const reads: readonly (readonly AdminStep[])[] = [
  [
    { activity: 'Get custom policies', category: 'ResourceManagement', target: 'tenant' },
    { activity: 'Get custom policy', category: 'ResourceManagement', target: 'policy' },
  ],
  [{ activity: 'Get policy keys', category: 'KeyManagement', target: 'tenant' }],
  [
    { activity: 'Get custom policies', category: 'ResourceManagement', target: 'tenant' },
    { activity: 'Get policy keys', category: 'KeyManagement', target: 'tenant' },
  ],
  [
    { activity: 'Get user flows', category: 'ResourceManagement', target: 'tenant' },
    { activity: 'Get user flow', category: 'ResourceManagement', target: 'user-flow' },
  ],
  [{ activity: 'Get Identity Providers', category: 'ResourceManagement', target: 'tenant' }],
];
const customPolicies = [
  'B2C_1A_TrustFrameworkExtensions',
  'B2C_1A_signup_signin',
  'B2C_1A_PasswordReset',
  'B2C_1A_ProfileEdit',
];
const userFlows = ['B2C_1_susi', 'B2C_1_password_reset'];

/**
 * Rare, benign administration by the known admins: reads of policies, keys, user flows and identity
 * providers, and single, well-spaced policy or user-flow updates. Never a policy key deletion or
 * restore, never a burst of policy updates: those are the planted incidents.
 */
export class AdminSessions {
  constructor(
    private readonly prng: Prng,
    private readonly build: B2cEventBuilder,
    private readonly admins: readonly TenantAdmin[],
    private readonly sink: SessionSink,
  ) {}

  read(t0: number): void {
    const admin = this.prng.pick(this.admins);
    let t = t0;
    for (const step of this.prng.pick(reads)) {
      this.emit(t, admin, step.activity, step.category, this.target(step.target));
      t += this.prng.range(500, 6000) * TICKS_PER_MS + this.prng.int(TICKS_PER_MS);
    }
  }

  write(t0: number): void {
    const admin = this.prng.pick(this.admins);
    const policy = this.prng.chance(0.7);
    const target = policy ? this.prng.pick(customPolicies) : this.prng.pick(userFlows);
    this.emit(t0, admin, policy ? 'Get custom policy' : 'Get user flow', 'ResourceManagement', target);
    const t = t0 + this.prng.range(20_000, 120_000) * TICKS_PER_MS + this.prng.int(TICKS_PER_MS);
    this.emit(t, admin, policy ? 'Update custom policy' : 'Update user flow', 'ResourceManagement', target);
  }

  private target(kind: AdminStep['target']): string {
    if (kind === 'policy') return this.prng.pick(customPolicies);
    if (kind === 'user-flow') return this.prng.pick(userFlows);
    return this.build.tenant;
  }

  private emit(t: number, admin: TenantAdmin, activity: string, category: string, target: string): void {
    this.sink.emit(
      t,
      this.build.admin({
        time: this.sink.timeAt(t),
        activity,
        category,
        correlationId: this.prng.guid(),
        actor: admin,
        target: { id: target },
      }),
    );
  }
}
