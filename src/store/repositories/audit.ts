import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toAuditEntryRecord } from '../row-mappers.ts';
import { type AuditEntryRecord, type NewAuditEntry, NewAuditEntrySchema } from '../store.ts';
import { now } from './sql-helpers.ts';

/** Who did what to which subject, append-only. */
export class AuditRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async append(input: NewAuditEntry): Promise<AuditEntryRecord> {
    const entry = NewAuditEntrySchema.parse(input);
    const row = await this.#db
      .insertInto('audit_log')
      .values({
        id: randomUUID(),
        at: now(),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details_json: JSON.stringify(entry.details ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAuditEntryRecord(row);
  }

  /** Newest first. */
  async list(options: { subject?: string; limit?: number } = {}): Promise<AuditEntryRecord[]> {
    let query = this.#db.selectFrom('audit_log').selectAll();
    if (options.subject !== undefined) query = query.where('subject', '=', options.subject);
    query = query.orderBy('at', 'desc').orderBy('id');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(toAuditEntryRecord);
  }
}
