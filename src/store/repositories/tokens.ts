import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ApiTokensTable, Database } from '../database-schema.ts';

/**
 * API tokens of the review service. A token is 256 random bits, shown once when it is made;
 * the table keeps only its sha256, so whoever reads the database (a backup, a shared
 * PostgreSQL) learns nothing that signs in. A plain hash is enough here, unlike for passwords:
 * the secret is random, so there is nothing to guess.
 */

export const ROLES = ['uploader', 'reviewer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ApiTokenRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenRecord = z.infer<typeof ApiTokenRecordSchema>;

/** Recognisable in logs and secret scanners; the random part is base64url. */
const TOKEN_PREFIX = 'tlk_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toRecord(row: ApiTokensTable): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: RoleSchema.parse(row.role),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** The api_tokens table: reached as `store.tokens`. */
export class TokenRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Makes a token; the returned `token` is the only copy there will ever be. */
  async create(input: { name: string; role: Role }): Promise<{ token: string; record: ApiTokenRecord }> {
    const name = input.name.trim();
    if (!name) throw new RangeError('a token needs a name');
    const role = RoleSchema.parse(input.role);
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiTokensTable = {
      id: `tok_${randomBytes(8).toString('hex')}`,
      name,
      role,
      token_hash: hashToken(token),
      created_at: new Date().toISOString(),
      revoked_at: null,
    };
    await this.#db.insertInto('api_tokens').values(row).execute();
    return { token, record: toRecord(row) };
  }

  /** The live token this secret belongs to; undefined for an unknown or revoked one. */
  async verify(token: string): Promise<ApiTokenRecord | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
    const row = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** A live token by id: what a session cookie refers to, so revoking ends sessions too. */
  async getLive(id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.#db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  /** Revokes by id (or by name when exactly one live token has it); undefined when there is none to revoke. */
  async revoke(idOrName: string): Promise<ApiTokenRecord | undefined> {
    const live = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .execute();
    const byId = live.find((r) => r.id === idOrName);
    const target = byId ?? (live.length === 1 ? live[0] : undefined);
    if (!target) {
      if (live.length > 1) throw new RangeError(`${live.length} live tokens are named "${idOrName}"; revoke one by id`);
      return undefined;
    }
    const at = new Date().toISOString();
    await this.#db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', target.id).execute();
    return toRecord({ ...target, revoked_at: at });
  }
}
