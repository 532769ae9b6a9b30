import type { B2cEventBuilder } from './b2c-event-builder.js';
import type { Prng } from '../random/prng.js';
import { TICKS_PER_MS, type SessionSink } from './session-sink.js';
import { randomPublicIp, type B2cApp, type B2cUser, type TrafficPopulation } from './traffic-population.js';

type Kind =
  | 'local'
  | 'local-id-token'
  | 'refresh'
  | 'federated'
  | 'mfa-sms'
  | 'totp-register'
  | 'sign-up'
  | 'password-reset'
  | 'access-token';

const kinds: readonly Kind[] = [
  'local',
  'local-id-token',
  'refresh',
  'federated',
  'mfa-sms',
  'totp-register',
  'sign-up',
  'password-reset',
  'access-token',
];
const weights: readonly number[] = [40, 8, 22, 12, 7, 1, 5, 3, 2];
const eventsPerKind: readonly number[] = [3, 2, 1, 3, 5, 3, 4, 3, 2];

/** Mean records per consumer session, to turn an events-per-hour target into a session rate. */
export const averageUserSessionEvents =
  weights.reduce((sum, w, i) => sum + w * eventsPerKind[i]!, 0) / weights.reduce((a, b) => a + b, 0);

const identityProviders = [
  { name: 'facebook', appId: '1093847562910384' },
  { name: 'google.com', appId: '480293817465-k2j4h5g6f7d8s9a0.apps.googleusercontent.com' },
  { name: 'live.com', appId: '000000004C18D2A7' },
];
const credentialFailures = [
  'AADB2C90225: The username or password provided in the request are invalid.',
  'AADB2C90053: A user with the specified credential could not be found.',
];

interface Session {
  correlationId: string;
  user: B2cUser;
  app: B2cApp;
  ip: string;
  client: string;
  policyId: string;
}

/**
 * Consumer activity on the B2C data plane: local and federated sign-ins, token refreshes, MFA by
 * SMS, TOTP registration, sign-up and password reset with email verification. A few sign-ins start
 * with a wrong password from the user's own address, so benign failures are spread over many users
 * and IPs and never look like a spray.
 */
export class UserSessions {
  constructor(
    private readonly prng: Prng,
    private readonly build: B2cEventBuilder,
    private readonly population: TrafficPopulation,
    private readonly sink: SessionSink,
    /** Told of each sign-up as it completes (the directory creates the user then); draws nothing from `prng`. */
    private readonly onSignUp?: (completedAt: number, userObjectId: string) => void,
  ) {}

  run(t0: number): void {
    const prng = this.prng;
    const user = prng.pick(this.population.users);
    const app = prng.chance(0.1) ? prng.pick(this.population.apps) : user.app;
    const s: Session = {
      correlationId: prng.guid(),
      user,
      app,
      ip: prng.chance(0.15) ? randomPublicIp(prng) : user.ip,
      client: app === user.app ? user.client : prng.pick(app.clients),
      policyId: app.signInPolicy,
    };
    let t = t0;
    switch (prng.weighted(kinds, weights)) {
      case 'local':
        if ((t = this.credentials(t, s)) < 0) return;
        this.codeAndExchange(t, s);
        return;
      case 'local-id-token':
        if ((t = this.credentials(t, s)) < 0) return;
        this.emit(this.after(t, 200, 1500), s, 'Issue an id_token to the application');
        return;
      case 'refresh':
        this.exchange(t, s, 'refresh_token');
        return;
      case 'federated': {
        const idp = prng.pick(identityProviders);
        const details = [
          { key: 'IdentityProviderName', value: idp.name },
          { key: 'IdentityProviderApplicationId', value: idp.appId },
        ];
        this.emit(t, s, 'Federate with an identity provider', details);
        t = this.after(t, 300, 3000);
        this.emit(t, s, 'Issue an authorization code to the application', details);
        this.exchange(this.after(t, 200, 2500), s, 'authorization_code');
        return;
      }
      case 'mfa-sms':
        s.policyId = app.mfaPolicy;
        if ((t = this.credentials(t, s)) < 0) return;
        t = this.after(t, 300, 2000);
        this.emit(t, s, 'Send SMS to verify phone number', [{ key: 'PhoneNumber', value: user.phone }]);
        t = this.after(t, 8000, 60_000);
        this.emit(t, s, 'Verify phone number', [{ key: 'PhoneNumber', value: user.phone }]);
        this.codeAndExchange(t, s);
        return;
      case 'totp-register':
        s.policyId = app.mfaPolicy;
        if ((t = this.credentials(t, s)) < 0) return;
        t = this.after(t, 15_000, 90_000);
        this.emit(t, s, 'Register TOTP secret');
        this.emit(this.after(t, 300, 2000), s, 'Issue an id_token to the application');
        return;
      case 'sign-up': {
        const details = [{ key: 'EmailAddress', value: user.username }];
        const newUser = { ...s, user: { ...user, objectId: prng.guid() } };
        this.emit(t, newUser, 'Send verification email', details, false);
        t = this.after(t, 20_000, 120_000);
        this.emit(t, newUser, 'Verify email address', details, false);
        t = this.after(t, 10_000, 60_000);
        this.onSignUp?.(t, newUser.user.objectId);
        this.emit(t, newUser, 'A self-service sign-up request was completed');
        this.emit(this.after(t, 300, 2000), newUser, 'Issue an id_token to the application');
        return;
      }
      case 'password-reset': {
        s.policyId = app.passwordResetPolicy;
        const details = [{ key: 'EmailAddress', value: user.username }];
        this.emit(t, s, 'Send verification email', details);
        t = this.after(t, 20_000, 120_000);
        this.emit(t, s, 'Verify email address', details);
        this.emit(this.after(t, 15_000, 90_000), s, 'Issue an id_token to the application');
        return;
      }
      case 'access-token':
        if ((t = this.credentials(t, s)) < 0) return;
        this.emit(this.after(t, 200, 1500), s, 'Issue an access token to the application');
        return;
    }
  }

  /** Local credential validation; sometimes a wrong password first. Returns the success tick, or -1 if the user gave up. */
  private credentials(t: number, s: Session): number {
    const prng = this.prng;
    const username = [{ key: 'LocalAccountUsername', value: s.user.username }];
    if (prng.chance(0.04)) {
      const failures = prng.chance(0.15) ? 2 : 1;
      for (let i = 0; i < failures; i++) {
        this.emit(t, s, 'Validate local account credentials', username, true, prng.pick(credentialFailures));
        t = this.after(t, 4000, 30_000);
      }
      if (prng.chance(0.25)) return -1;
    }
    this.emit(t, s, 'Validate local account credentials', username);
    return t;
  }

  private codeAndExchange(t: number, s: Session): void {
    t = this.after(t, 200, 1500);
    this.emit(t, s, 'Issue an authorization code to the application');
    this.exchange(this.after(t, 200, 2500), s, 'authorization_code');
  }

  private exchange(t: number, s: Session, grantType: string): void {
    this.sink.emit(
      t,
      this.build.dataPlane({
        time: this.sink.timeAt(t),
        activity: 'Exchange token',
        correlationId: s.correlationId,
        app: s.app,
        policyId: s.policyId,
        client: s.client,
        ip: s.ip,
        details: [{ key: 'GrantType', value: grantType }],
        noTargets: true,
        appIdNotAvailable: true,
      }),
    );
  }

  private emit(
    t: number,
    s: Session,
    activity: string,
    details?: Array<{ key: string; value: string }>,
    withTarget = true,
    failure?: string,
  ): void {
    this.sink.emit(
      t,
      this.build.dataPlane({
        time: this.sink.timeAt(t),
        activity,
        correlationId: s.correlationId,
        app: s.app,
        policyId: s.policyId,
        client: s.client,
        ip: s.ip,
        userObjectId: withTarget ? s.user.objectId : undefined,
        details,
        result: failure ? 'failure' : 'success',
        resultReason: failure,
      }),
    );
  }

  /** `t` plus a random delay in [minMs, maxMs] with sub-millisecond ticks. */
  private after(t: number, minMs: number, maxMs: number): number {
    return t + this.prng.range(minMs, maxMs) * TICKS_PER_MS + this.prng.int(TICKS_PER_MS);
  }
}
