import type { Prng } from '../random/prng.js';

/** A B2C application registration and the policies its users run. */
export interface B2cApp {
  name: string;
  objectId: string;
  clientId: string;
  signInPolicy: string;
  mfaPolicy: string;
  passwordResetPolicy: string;
  clients: readonly string[];
}

export interface B2cUser {
  objectId: string;
  username: string;
  ip: string;
  phone: string;
  app: B2cApp;
  client: string;
}

export interface TrafficPopulation {
  apps: readonly B2cApp[];
  users: readonly B2cUser[];
}

const browsers = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
];
const mobileClients = [
  'Contoso%20Shop/4.2.1 CFNetwork/1240.0.4 Darwin/20.5.0',
  'Contoso%20Shop/4.2.0 (Android 14; okhttp/4.12.0)',
];

/** Fixed across seeds, so incidents and traffic of any seed share the same tenant's apps. */
export const b2cApps: readonly B2cApp[] = [
  {
    name: 'Contoso Web',
    objectId: '2f8e1c6a-4b3d-4e9f-8a7b-6c5d4e3f2a1b',
    clientId: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a',
    signInPolicy: 'B2C_1A_signup_signin',
    mfaPolicy: 'B2C_1A_signup_signin_mfa',
    passwordResetPolicy: 'B2C_1A_PasswordReset',
    clients: browsers,
  },
  {
    name: 'Contoso Shop (mobile)',
    objectId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    clientId: '3c1f0e9d-8b7a-4c6d-9e5f-4a3b2c1d0e9f',
    signInPolicy: 'B2C_1A_signup_signin',
    mfaPolicy: 'B2C_1A_signup_signin_mfa',
    passwordResetPolicy: 'B2C_1A_PasswordReset',
    clients: mobileClients,
  },
  {
    name: 'Partner Portal',
    objectId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    clientId: 'd6e5f4a3-b2c1-4d0e-8f9a-8b7c6d5e4f3a',
    signInPolicy: 'B2C_1_susi',
    mfaPolicy: 'B2C_1_susi_mfa',
    passwordResetPolicy: 'B2C_1_password_reset',
    clients: browsers,
  },
];

const firstNames = [
  'anna',
  'ben',
  'chloe',
  'diego',
  'emma',
  'farah',
  'george',
  'hana',
  'ivan',
  'julia',
  'kenji',
  'lena',
  'marco',
  'nina',
  'omar',
  'priya',
  'quinn',
  'rosa',
  'sam',
  'tara',
  'umar',
  'vera',
  'will',
  'yuki',
  'zoe',
];
const lastNames = [
  'smith',
  'garcia',
  'muller',
  'rossi',
  'kim',
  'nguyen',
  'silva',
  'kowalski',
  'dubois',
  'tanaka',
  'okafor',
  'jensen',
  'novak',
  'haddad',
  'murphy',
  'larsen',
];
const mailDomains = [
  'outlook.com',
  'gmail.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'gmx.de',
  'contoso-partner.com',
];
const firstOctets = [
  20, 23, 24, 31, 37, 45, 46, 50, 62, 66, 68, 71, 73, 76, 77, 78, 81, 82, 86, 89, 90, 91, 94, 98, 104, 108, 109, 151,
  176, 178, 185, 188, 195, 212, 213, 217,
];

/** A public-looking IPv4 address (or, 1 time in 12, IPv6) drawn from `prng`. */
export function randomPublicIp(prng: Prng): string {
  if (prng.int(12) === 0) {
    return `2a02:${prng.int(0x10000).toString(16)}:${prng.int(0x10000).toString(16)}:${prng.int(0x10000).toString(16)}::${prng.range(1, 0xfffe).toString(16)}`;
  }
  return `${prng.pick(firstOctets)}.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`;
}

/** A plausible consumer sign-in name; `n` makes it distinct. */
export function consumerUsername(prng: Prng, n: number): string {
  return `${prng.pick(firstNames)}.${prng.pick(lastNames)}${n}@${prng.pick(mailDomains)}`;
}

/** The consumers of one scenario: each with a home IP, a device and an app they mostly use. */
export function createPopulation(prng: Prng, userCount = 2000): TrafficPopulation {
  const users: B2cUser[] = [];
  for (let i = 0; i < userCount; i++) {
    const app = prng.weighted(b2cApps, [6, 3, 1]);
    users.push({
      objectId: prng.guid(),
      username: consumerUsername(prng, i),
      ip: randomPublicIp(prng),
      phone: `+1 XXXXXXX${String(prng.int(1000)).padStart(3, '0')}`,
      app,
      client: prng.pick(app.clients),
    });
  }
  return { apps: b2cApps, users };
}
