import { z } from 'zod';
import { WebAnnotationSchema } from '../domain/annotation.ts';
import { BoxSchema } from '../domain/geometry.ts';
import { TermStatusSchema } from '../domain/glossary.ts';
import { HitKindSchema, TokenSchema } from '../domain/hit.ts';
import { OcrResultSchema, RawOcrSchema, type OcrResult } from '../domain/ocr.ts';
import { ScriptSchema } from '../domain/script.ts';
import { StoredPdfPageSchema } from '../domain/pdf-page-key.ts';
import type {
  AnalysesTable,
  AuditLogTable,
  BatchItemsTable,
  BatchesTable,
  DocumentsTable,
  HitsTable,
  OcrResultsTable,
  ReviewRevisionsTable,
} from './database-schema.ts';
import {
  type AnalysisRecord,
  type AuditEntryRecord,
  type BatchItemRecord,
  type BatchRecord,
  type DocumentRecord,
  ItemStatusSchema,
  type OcrText,
  ReviewDecisionSchema,
  type ReviewRevisionRecord,
  type StoredHit,
} from './store.ts';

/**
 * Rows to records. JSON columns and enum-like text columns are parsed through zod: the database
 * is shared with other processes and versions, so what comes back is checked like any input.
 */

const DetailsSchema = z.record(z.string(), z.unknown());

function json<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`stored ${column} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}

/** Drivers may return integers as strings (int8) or bigint; records hold plain numbers. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toDocumentRecord(row: DocumentsTable): DocumentRecord {
  return {
    sha256: row.sha256,
    mediaType: row.media_type,
    bytes: toNumber(row.bytes),
    ...(row.width != null ? { width: toNumber(row.width) } : {}),
    ...(row.height != null ? { height: toNumber(row.height) } : {}),
    blobKey: row.blob_key,
    firstPath: row.first_path,
    createdAt: row.created_at,
    ...(row.page_json != null ? { pdfPage: json(StoredPdfPageSchema, row.page_json, 'pdf page') } : {}),
  };
}

export function toOcrResult(row: OcrResultsTable): OcrResult {
  return OcrResultSchema.parse({
    engine: row.engine,
    languages: json(z.array(z.string()), row.languages_json, 'ocr languages'),
    meanConfidence: row.mean_confidence,
    width: toNumber(row.width),
    height: toNumber(row.height),
    ...toOcrText(row),
    raw: json(RawOcrSchema, row.raw_json, 'raw ocr'),
  });
}

export function toOcrText(row: Pick<OcrResultsTable, 'clean_text' | 'boxes_json'>): OcrText {
  return { text: row.clean_text, boxes: json(z.array(BoxSchema.nullable()), row.boxes_json, 'ocr boxes') };
}

export function toAnalysisRecord(row: AnalysesTable): AnalysisRecord {
  return {
    sha256: row.sha256,
    glossaryVersion: row.glossary_version,
    text: row.analysed_text,
    script: ScriptSchema.parse(row.script),
    tokens: json(z.array(TokenSchema), row.tokens_json, 'tokens'),
    hitCount: toNumber(row.hit_count),
    analysedAt: row.analysed_at,
  };
}

export function toStoredHit(row: HitsTable): StoredHit {
  return {
    id: row.id,
    sha256: row.sha256,
    glossaryVersion: row.glossary_version,
    entryId: row.entry_id,
    term: row.term,
    english: row.english,
    category: row.category,
    matched: row.matched,
    start: toNumber(row.start_offset),
    end: toNumber(row.end_offset),
    kind: HitKindSchema.parse(row.kind),
    confidence: row.confidence,
    form: row.form,
    ...(row.status != null ? { status: TermStatusSchema.parse(row.status) } : {}),
    ...(row.preferred != null ? { preferred: row.preferred } : {}),
    ...(row.bbox_json != null ? { bbox: json(BoxSchema, row.bbox_json, 'hit bbox') } : {}),
    ...(row.boxes_json != null ? { boxes: json(z.array(BoxSchema), row.boxes_json, 'hit boxes') } : {}),
    annotation: json(WebAnnotationSchema, row.annotation_json, 'annotation'),
    reviewKey: row.review_key,
    ...(row.reopened_from != null && row.reopened_reason != null ? { reopened: { from: row.reopened_from, reason: row.reopened_reason } } : {}),
  };
}

export function toBatchRecord(row: BatchesTable): BatchRecord {
  return { id: row.id, name: row.name, sourcePath: row.source_path, createdAt: row.created_at };
}

export function toBatchItemRecord(row: BatchItemsTable): BatchItemRecord {
  return {
    batchId: row.batch_id,
    itemKey: row.item_key,
    sha256: row.sha256,
    status: ItemStatusSchema.parse(row.status),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    duplicateOf: row.duplicate_of,
    duplicateOfItem: row.duplicate_of_item,
    attempts: toNumber(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toReviewRevisionRecord(row: ReviewRevisionsTable): ReviewRevisionRecord {
  return {
    hitId: row.hit_id,
    revision: toNumber(row.revision),
    decision: ReviewDecisionSchema.parse(row.decision),
    corrected: row.corrected_json == null ? null : json(DetailsSchema, row.corrected_json, 'corrected fields'),
    note: row.note,
    author: row.author,
    createdAt: row.created_at,
    bulkId: row.bulk_id,
  };
}

export function toAuditEntryRecord(row: AuditLogTable): AuditEntryRecord {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: json(DetailsSchema, row.details_json, 'audit details'),
  };
}
