import { deploymentPipeline, roleManagers, signUpService, userAdmins } from './directory-actors.js';
import { DirectoryEventBuilder, property } from './directory-event-builder.js';
import type { TenantAdmin } from './known-admins.js';
import { knownAdmins } from './known-admins.js';
import { Prng, seedFrom } from '../random/prng.js';
import { TICKS_PER_MS, type SessionSink } from './session-sink.js';
import type { B2cApp, TrafficPopulation } from './traffic-population.js';

const HOUR_TICKS = 3_600_000 * TICKS_PER_MS;
const DAY_TICKS = 24 * HOUR_TICKS;
const USER_ADMIN_MEAN_GAP = 3 * HOUR_TICKS;
const ROLE_CHANGE_MIN_GAP = 12 * HOUR_TICKS;
const ROLE_CHANGE_MEAN_EXTRA_GAP = 24 * HOUR_TICKS;
/** The pipeline rotates each app's secret once a day, from 02:00 UTC, one app every 20 minutes. */
const ROTATION_FIRST_MS = 2 * 3_600_000;
const ROTATION_STAGGER_MS = 20 * 60_000;

/** Roles the role managers hand out for a while (a task, an on-call shift) and take back. */
const roles: ReadonlyArray<{ name: string; templateId: string; weight: number }> = [
  { name: 'B2C IEF Policy Administrator', templateId: '3edaf663-341e-4475-9f94-5c398ef6c070', weight: 4 },
  { name: 'External ID User Flow Administrator', templateId: '6e591065-9bad-43ed-90f3-e9424366d2f0', weight: 2 },
  { name: 'Helpdesk Administrator', templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', weight: 2 },
  { name: 'Reports Reader', templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf', weight: 2 },
  { name: 'B2C IEF Keyset Administrator', templateId: 'aaf43236-0c0d-4d5f-883a-6955382ac081', weight: 1 },
];

interface AppKeys {
  app: B2cApp;
  /** The secret in use: `[KeyIdentifier=…,KeyType=Password,KeyUsage=Verify,DisplayName=…]`. */
  current: string;
  offsetMs: number;
}

/**
 * Benign Core Directory churn around the B2C traffic: the user each sign-up creates (`Add user`),
 * user administrators updating, resetting and deleting consumer accounts now and then, the deployment
 * pipeline rotating every app's client secret daily, and a role manager handing out a role for a few
 * hours every day or two. It draws from its own PRNG (seeded from the traffic's seed), so the B2C
 * records of a seed are the same with or without it.
 */
export class DirectoryChurn {
  private readonly prng: Prng;
  private readonly build: DirectoryEventBuilder;
  private readonly userAdmins: readonly TenantAdmin[];
  private readonly roleManagers: readonly TenantAdmin[];
  private readonly roleHolders: readonly TenantAdmin[];
  private readonly keys: AppKeys[];
  private nextUserAdmin: number;
  private nextRoleChange: number;
  private nextRotation: number;
  private rotationDay = 0;

  constructor(
    seed: number,
    tenant: string,
    private readonly origin: number,
    private readonly population: TrafficPopulation,
    private readonly sink: SessionSink,
    idPrefix?: string,
  ) {
    this.prng = new Prng(seedFrom('directory-churn', seed));
    this.build = new DirectoryEventBuilder(this.prng, tenant, idPrefix);
    this.userAdmins = userAdmins(tenant);
    this.roleManagers = roleManagers(tenant);
    const managers = new Set(this.roleManagers.map((admin) => admin.upn));
    this.roleHolders = knownAdmins(tenant).filter((admin) => !managers.has(admin.upn));
    this.keys = population.apps.map((app, i) => ({
      app,
      current: keyDescription(this.prng.guid(), 'pipeline'),
      offsetMs: i * ROTATION_STAGGER_MS,
    }));
    this.nextUserAdmin = Math.floor(this.prng.exponential(USER_ADMIN_MEAN_GAP));
    this.nextRoleChange = Math.floor(this.prng.exponential(ROLE_CHANGE_MEAN_EXTRA_GAP));
    this.nextRotation = this.rotationTick();
  }

  /** The tick of the next scheduled directory activity. */
  nextAt(): number {
    return Math.min(this.nextUserAdmin, this.nextRoleChange, this.nextRotation);
  }

  /** Runs the activity due at `t` (= nextAt()) and schedules the next of its kind. */
  run(t: number): void {
    if (t === this.nextRotation) {
      this.rotateAll(t);
      this.rotationDay++;
      this.nextRotation = this.rotationTick();
    } else if (t === this.nextRoleChange) {
      this.roleChange(t);
      this.nextRoleChange = t + ROLE_CHANGE_MIN_GAP + Math.floor(this.prng.exponential(ROLE_CHANGE_MEAN_EXTRA_GAP));
    } else {
      this.userAdmin(t);
      this.nextUserAdmin = t + Math.max(1, Math.floor(this.prng.exponential(USER_ADMIN_MEAN_GAP)));
    }
  }

  /** The `Add user` of a sign-up, just before B2C logs the sign-up as completed at `completedAt`. */
  signUp(completedAt: number, userObjectId: string): void {
    const t = Math.max(0, completedAt - this.prng.range(150, 900) * TICKS_PER_MS - this.prng.int(TICKS_PER_MS));
    this.sink.emit(
      t,
      this.build.record({
        time: this.sink.timeAt(t),
        activity: 'Add user',
        category: 'UserManagement',
        operationType: 'Add',
        actor: { app: signUpService() },
        targets: [
          {
            id: userObjectId,
            type: 'User',
            userPrincipalName: `${userObjectId}@${this.build.tenant}`,
            modifiedProperties: [
              property('AccountEnabled', [], [true]),
              property('DisplayName', [], ['unknown']),
              property('UserType', [], ['Member']),
              property('Included Updated Properties', undefined, 'AccountEnabled, DisplayName, UserType'),
            ],
          },
        ],
      }),
    );
  }

  /** The first rotation tick at or after the scenario start, then one a day. */
  private rotationTick(): number {
    const originDay = Math.floor(this.origin / 86_400_000) * 86_400_000;
    const first = (originDay + ROTATION_FIRST_MS - this.origin) * TICKS_PER_MS;
    const day = first < 0 ? this.rotationDay + 1 : this.rotationDay;
    return first + day * DAY_TICKS;
  }

  private rotateAll(t0: number): void {
    for (const keys of this.keys) {
      const t = t0 + keys.offsetMs * TICKS_PER_MS + this.prng.range(0, 300_000) * TICKS_PER_MS;
      this.rotate(t, keys);
    }
  }

  /** A new secret added, and the previous one removed a minute or two later. */
  private rotate(t: number, keys: AppKeys): void {
    const old = keys.current;
    const fresh = keyDescription(this.prng.guid(), `pipeline ${this.sink.timeAt(t).slice(0, 10)}`);
    this.credentialChange(t, keys.app, [old], [old, fresh]);
    this.credentialChange(t + this.prng.range(30_000, 150_000) * TICKS_PER_MS, keys.app, [old, fresh], [fresh]);
    keys.current = fresh;
  }

  private credentialChange(t: number, app: B2cApp, before: string[], after: string[]): void {
    const pipeline = deploymentPipeline();
    this.sink.emit(
      t,
      this.build.record({
        time: this.sink.timeAt(t),
        activity: 'Update application – Certificates and secrets management ',
        category: 'ApplicationManagement',
        operationType: 'Update',
        actor: { app: pipeline },
        targets: [
          {
            id: app.objectId,
            type: 'Application',
            displayName: app.name,
            modifiedProperties: [
              property('KeyDescription', before, after),
              property('Included Updated Properties', undefined, 'KeyDescription'),
            ],
          },
        ],
        details: [
          { key: 'User-Agent', value: 'azsdk-net-Identity/1.12.0 (.NET 8.0.10; Ubuntu 22.04)' },
          { key: 'AppId', value: app.clientId },
        ],
      }),
    );
  }

  /** A role manager gives a staff account a role, and takes it back two to eight hours later. */
  private roleChange(t: number): void {
    const manager = this.prng.pick(this.roleManagers);
    const holder = this.prng.pick(this.roleHolders);
    const role = this.prng.weighted(
      roles,
      roles.map((r) => r.weight),
    );
    const roleObjectId = roleObjectIdOf(this.build.tenant, role.templateId);
    const membership = (activity: 'Add member to role' | 'Remove member from role', at: number) => {
      const add = activity === 'Add member to role';
      // An assignment logs the role in new values, a removal in old ones.
      const roleProperty = (name: string, value: string) =>
        add ? property(name, undefined, value) : property(name, value, undefined);
      this.sink.emit(
        at,
        this.build.record({
          time: this.sink.timeAt(at),
          activity,
          category: 'RoleManagement',
          operationType: add ? 'Assign' : 'Unassign',
          actor: { user: manager },
          targets: [
            {
              id: holder.objectId,
              type: 'User',
              userPrincipalName: holder.upn,
              modifiedProperties: [
                roleProperty('Role.ObjectID', roleObjectId),
                roleProperty('Role.DisplayName', role.name),
                roleProperty('Role.TemplateId', role.templateId),
              ],
            },
            { id: roleObjectId, type: 'Role' },
          ],
        }),
      );
    };
    membership('Add member to role', t);
    membership('Remove member from role', t + this.prng.range(2 * 3_600_000, 8 * 3_600_000) * TICKS_PER_MS);
  }

  /** A user administrator answers a support request about one consumer account. */
  private userAdmin(t: number): void {
    const admin = this.prng.pick(this.userAdmins);
    const user = this.prng.pick(this.population.users);
    const target = { id: user.objectId, type: 'User', userPrincipalName: `${user.objectId}@${this.build.tenant}` };
    const kind = this.prng.weighted(['update', 'reset', 'delete'] as const, [5, 3, 2]);
    if (kind === 'update') {
      this.sink.emit(
        t,
        this.build.record({
          time: this.sink.timeAt(t),
          activity: 'Update user',
          category: 'UserManagement',
          operationType: 'Update',
          actor: { user: admin },
          targets: [
            {
              ...target,
              modifiedProperties: [
                property('AccountEnabled', [false], [true]),
                property('Included Updated Properties', undefined, 'AccountEnabled'),
              ],
            },
          ],
        }),
      );
    } else {
      this.sink.emit(
        t,
        this.build.record({
          time: this.sink.timeAt(t),
          activity: kind === 'reset' ? 'Reset user password' : 'Delete user',
          category: 'UserManagement',
          operationType: kind === 'reset' ? 'Update' : 'Delete',
          actor: { user: admin },
          targets: [target],
        }),
      );
    }
  }
}

/** `[KeyIdentifier=…,KeyType=Password,KeyUsage=Verify,DisplayName=…]`, as KeyDescription lists a secret. */
function keyDescription(keyId: string, displayName: string): string {
  return `[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${displayName}]`;
}

/** A built-in role's object id in the tenant: stable per tenant and role. */
export function roleObjectIdOf(tenant: string, templateId: string): string {
  return new Prng(seedFrom('role', tenant, templateId)).guid();
}
