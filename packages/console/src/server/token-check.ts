import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The console's token and its sessions. Tokens are compared as SHA-256 digests with timingSafeEqual, so
 * neither the content nor the length of a wrong guess shows in the time taken. A login gets a random
 * session id (the cookie), never the token itself; sessions live in memory, bounded in number and age.
 */
export class TokenCheck {
  readonly #expected: Buffer;
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;
  readonly #sessionMs = 12 * 3_600_000;
  readonly #maxSessions = 1000;

  constructor(token: string, now: () => number) {
    this.#expected = digest(token);
    this.#now = now;
  }

  matches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#expected);
  }

  /** A new session id for a client that gave the token. */
  openSession(): string {
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(digest(id).toString('hex'), this.#now() + this.#sessionMs);
    if (this.#sessions.size > this.#maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
    return id;
  }

  validSession(id: string | undefined): boolean {
    if (id === undefined || id.length > 100) return false;
    const key = digest(id).toString('hex');
    const expires = this.#sessions.get(key);
    if (expires === undefined) return false;
    if (expires <= this.#now()) {
      this.#sessions.delete(key);
      return false;
    }
    return true;
  }

  closeSession(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(digest(id).toString('hex'));
  }
}
