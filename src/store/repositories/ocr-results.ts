import type { Kysely } from 'kysely';
import { type OcrResult, OcrResultSchema } from '../../domain/ocr.ts';
import type { Database } from '../database-schema.ts';
import { toOcrResult, toOcrText } from '../row-mappers.ts';
import type { OcrText } from '../store.ts';
import { now } from './sql-helpers.ts';

/** One OCR result per document, replaced only when OCR is deliberately re-run. */
export class OcrResultRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async save(sha256: string, input: OcrResult): Promise<void> {
    const ocr = OcrResultSchema.parse(input);
    const row = {
      sha256,
      engine: ocr.engine,
      languages_json: JSON.stringify(ocr.languages),
      mean_confidence: ocr.meanConfidence,
      width: ocr.width,
      height: ocr.height,
      clean_text: ocr.text,
      boxes_json: JSON.stringify(ocr.boxes),
      raw_json: JSON.stringify(ocr.raw),
      created_at: now(),
    };
    const { sha256: _key, ...update } = row;
    await this.#db
      .insertInto('ocr_results')
      .values(row)
      .onConflict((oc) => oc.column('sha256').doUpdateSet(update))
      .execute();
  }

  async get(sha256: string): Promise<OcrResult | undefined> {
    const row = await this.#db.selectFrom('ocr_results').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toOcrResult(row);
  }

  async getText(sha256: string): Promise<OcrText | undefined> {
    const row = await this.#db
      .selectFrom('ocr_results')
      .select(['clean_text', 'boxes_json'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row && toOcrText(row);
  }
}
