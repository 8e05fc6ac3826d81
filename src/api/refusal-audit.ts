import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { NewAuditEntry, Store } from '../store/store.ts';

/**
 * The audit trail of refused requests, bounded: a client that sends a stream of refusals (made-up
 * tokens, 15,000-character paths) must not be able to fill the disk through the audit log. Each
 * client (an IPv4 address, or the /64 of an IPv6 one, which one machine can hold whole) gets a
 * few rows per minute with the request's fields cut to size; every refusal past those is only
 * counted, and one summary row per client and minute says how many there were, with which codes.
 * Counting is in memory, over a bounded number of clients: past that, clients share one tally.
 */

export type RefusalAuditOptions = {
  /** Rows of their own per client and minute (TERMLENS_AUDIT_REFUSALS_PER_MINUTE). */
  rowsPerClientPerMinute: number;
  /** Clients tracked at once; more share the `*` tally. */
  maxClients?: number;
  windowMs?: number;
  onError?: (error: unknown) => void;
};

export type Refusal = { action: string; status: number; code: string };

type Tally = {
  client: string;
  startedAt: number;
  logged: number;
  counted: number;
  codes: Record<string, number>;
  lastAt: number;
};

/** Characters of a path kept in an audit row: enough to tell routes and ids apart. */
export const AUDIT_PATH_MAX = 200;
const USER_AGENT_MAX = 100;
const OVERFLOW_CLIENT = '*';

/** `text` cut to `max` code units (without splitting a surrogate pair), marked when cut. */
export function cutForAudit(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The client a refusal is counted against. */
export function clientKey(ip: string): string {
  if (!isIPv6(ip) || ip.startsWith('::ffff:')) return ip.replace(/^::ffff:/, '');
  const groups = expandIPv6(ip).slice(0, 4);
  return `${groups.join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((g) => g.toLowerCase() || '0');
}

export class RefusalAudit {
  readonly #store: Store;
  readonly #rows: number;
  readonly #maxClients: number;
  readonly #windowMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #tallies = new Map<string, Tally>();
  readonly #sweep: NodeJS.Timeout;
  readonly #writing = new Set<Promise<void>>();

  constructor(store: Store, options: RefusalAuditOptions) {
    this.#store = store;
    this.#rows = options.rowsPerClientPerMinute;
    this.#maxClients = options.maxClients ?? 10_000;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#onError = options.onError ?? (() => undefined);
    // Summaries of clients that went quiet are written within a window of it ending.
    this.#sweep = setInterval(() => this.#flush(Date.now()), Math.max(1_000, Math.floor(this.#windowMs / 4)));
    this.#sweep.unref();
  }

  /** Audits one refusal: a row of its own within the client's allowance, else a count. */
  async record(request: FastifyRequest, refusal: Refusal): Promise<void> {
    const now = Date.now();
    const tally = this.#tallyFor(clientKey(request.ip), now);
    tally.lastAt = now;
    if (tally.logged < this.#rows) {
      tally.logged += 1;
      await this.#write(this.#row(request, refusal));
      return;
    }
    tally.counted += 1;
    tally.codes[refusal.code] = (tally.codes[refusal.code] ?? 0) + 1;
  }

  /** Writes every open summary (at shutdown) and stops the sweep. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#flush(Number.POSITIVE_INFINITY);
    await Promise.all(this.#writing);
  }

  #tallyFor(client: string, now: number): Tally {
    let tally = this.#tallies.get(client);
    if (tally && now - tally.startedAt >= this.#windowMs) {
      this.#summarise(tally);
      this.#tallies.delete(client);
      tally = undefined;
    }
    if (!tally) {
      if (this.#tallies.size >= this.#maxClients && client !== OVERFLOW_CLIENT) return this.#tallyFor(OVERFLOW_CLIENT, now);
      tally = { client, startedAt: now, logged: 0, counted: 0, codes: {}, lastAt: now };
      this.#tallies.set(client, tally);
    }
    return tally;
  }

  #flush(now: number): void {
    for (const [client, tally] of this.#tallies) {
      if (now - tally.startedAt < this.#windowMs) continue;
      this.#summarise(tally);
      this.#tallies.delete(client);
    }
  }

  #summarise(tally: Tally): void {
    if (tally.counted === 0) return;
    void this.#write({
      actor: 'anonymous',
      action: 'access.denied.summary',
      subject: tally.client,
      details: {
        count: tally.counted,
        codes: tally.codes,
        from: new Date(tally.startedAt).toISOString(),
        to: new Date(tally.lastAt).toISOString(),
        note: `refusals past the first ${this.#rows} of this client in a minute, counted, not written one by one`,
      },
    });
  }

  #row(request: FastifyRequest, refusal: Refusal): NewAuditEntry {
    const path = request.url.split('?')[0] ?? '';
    const agent = request.headers['user-agent'];
    return {
      actor: request.principal?.actor ?? 'anonymous',
      action: refusal.action,
      subject: cutForAudit(path, AUDIT_PATH_MAX),
      details: {
        method: cutForAudit(request.method, 16),
        status: refusal.status,
        code: refusal.code,
        ip: request.ip,
        ...(path.length > AUDIT_PATH_MAX ? { pathLength: path.length } : {}),
        ...(typeof agent === 'string' ? { userAgent: cutForAudit(agent, USER_AGENT_MAX) } : {}),
        ...(request.principal ? { role: request.principal.role, via: request.principal.via } : {}),
      },
    };
  }

  #write(entry: NewAuditEntry): Promise<void> {
    const written = this.#store.appendAudit(entry).then(
      () => undefined,
      (error: unknown) => this.#onError(error),
    );
    this.#writing.add(written);
    void written.finally(() => this.#writing.delete(written));
    return written;
  }
}
