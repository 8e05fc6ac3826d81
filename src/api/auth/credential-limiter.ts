import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../api-error.ts';

type Limit = ReturnType<FastifyInstance['createRateLimit']>;

export const CREDENTIAL_WINDOW_MS = 60_000;

/**
 * One per-client budget of failed credentials a minute, shared by sign-ins and bearer tokens:
 * whoever guesses tokens gets the same 429 on either door. Only failures are charged, so people
 * with a right token are never slowed down; but once a client is over, every credential it sends
 * is refused before it is checked, or a right guess would still stand out among the 429s. The
 * counts live in @fastify/rate-limit's store, keyed by client address like its own limits.
 */
export class CredentialLimiter {
  readonly maxFailuresPerMinute: number;
  #limit: Limit | undefined;

  constructor(maxFailuresPerMinute: number) {
    this.maxFailuresPerMinute = maxFailuresPerMinute;
  }

  /** Binds to the app once @fastify/rate-limit is registered on it. */
  attach(app: FastifyInstance): void {
    this.#limit = app.createRateLimit({ max: this.maxFailuresPerMinute, timeWindow: CREDENTIAL_WINDOW_MS });
  }

  /** Throws 429 (with Retry-After) when the client has no failures left this minute. */
  async check(request: FastifyRequest): Promise<void> {
    const status = await this.#bound()(request, { increment: false });
    if (status.isAllowed || status.remaining > 0) return;
    const seconds = Math.max(1, status.ttlInSeconds);
    throw new HttpError(429, 'TOO_MANY_FAILED_CREDENTIALS', `too many failed sign-ins or tokens from this address; try again in ${seconds} s`, {
      retryAfterSeconds: seconds,
    });
  }

  /** Counts one failed credential against the client. */
  async charge(request: FastifyRequest): Promise<void> {
    await this.#bound()(request);
  }

  #bound(): Limit {
    if (!this.#limit) throw new Error('CredentialLimiter used before attach()');
    return this.#limit;
  }
}
