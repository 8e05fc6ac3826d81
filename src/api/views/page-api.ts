import type { z } from 'zod';
import type { CategorySchema } from '../../domain/glossary.ts';
import type { Token } from '../../domain/hit.ts';
import type { ScriptSchema } from '../../domain/script.ts';
import type { ReviewStatus } from '../../store/repositories/hit-queue.ts';
import type { AuditEntryRecord } from '../../store/store.ts';
import type { ApiTokenRecord, Role } from '../../store/repositories/tokens.ts';
import type { BatchItemView, BatchView } from './batch-view.ts';
import type { GlossaryEntryView } from './glossary-entry-view.ts';
import type { HitView } from './hit-view.ts';
import type { SearchResult } from '../../pipeline/search-corpus.ts';
import type { RevisionView } from './revision-view.ts';

/**
 * What the review page (src/web) sends to the routes it calls and what they answer, as types for
 * its JSDoc type check (tsconfig.web.json). The parts the view modules already describe are
 * theirs; the rest mirror schemas private to their route files (hits.ts, documents.ts,
 * session.ts, glossary.ts, uploads.ts, decisions.ts, tokens.ts, exports.ts) and must follow them
 * when those change. Nothing from routes/ is imported: that would pull the whole service into
 * the page's type check. Types only: nothing here runs.
 */

export type { AuditEntryRecord, ApiTokenRecord, BatchItemView, BatchView, GlossaryEntryView, HitView, ReviewStatus, RevisionView, Role };

export type Script = z.infer<typeof ScriptSchema>;
export type Category = z.infer<typeof CategorySchema>;

/** GET/POST/DELETE /api/session */
export type SessionAnswer = {
  signedIn: boolean;
  authMode: 'tokens' | 'none';
  name?: string;
  role?: Role;
  csrfToken?: string;
  expiresAt?: string;
};

/** Over the queue's filters except status: the "reviewed / total" counter. */
/** `withdrawn` is not part of `total`: decided hits a re-tag no longer finds. */
export type HitCounts = { total: number; pending: number; confirmed: number; rejected: number; corrected: number; withdrawn: number };

/** GET /api/hits */
export type HitPageAnswer = { items: HitView[]; nextCursor: string | null; prevCursor: string | null; counts: HitCounts };

/** GET /api/hits/:id */
export type HitDetailAnswer = {
  hit: HitView;
  revisions: RevisionView[];
  /** For a hit a glossary change made pending again: the decisions on the hit it replaced. */
  earlier: RevisionView[];
  document: { sha256: string; firstPath: string; mediaType: string; width: number | null; height: number | null };
  entry: GlossaryEntryView | null;
};

/** POST /api/hits/:id/decisions */
export type DecisionAnswer = { hit: HitView; revision: RevisionView };

/** A hit as a bulk action left it (routes/bulk-decisions.ts). */
export type BulkHitState = { id: string; revision: number; reviewStatus: ReviewStatus; etag: string };

/** POST /api/decisions with `preview: true` (200): the filtered set's size and version. */
export type BulkPreviewAnswer = { count: number; tag: string };

/** POST /api/decisions (201) */
export type BulkAnswer = { bulkId: string; decision: 'confirm' | 'reject'; count: number; hits: BulkHitState[] };

/** POST /api/decisions/:bulkId/undo (201) */
export type BulkUndoAnswer = { bulkId: string; undoes: string; count: number; hits: BulkHitState[]; conflicts: { id: string; etag: string }[] };

/** GET /api/documents/:sha256 */
export type DocumentAnswer = {
  sha256: string;
  firstPath: string;
  mediaType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  createdAt: string;
  text: string;
  script: Script;
  scripts: { original: string; simplified: string; traditional: string };
  tokens: Token[];
  ocr: { engine: string; languages: string[]; meanConfidence: number } | null;
  glossaryVersion: string;
  hits: HitView[];
  /** A PDF page: which page of which PDF, its dpi (width and height are the page's pixels), where its text came from. Null for a screenshot. */
  page: {
    number: number;
    pageCount: number;
    pdfSha256: string;
    dpi: number;
    widthPoints: number;
    heightPoints: number;
    regions: { kind: string; start: number; end: number; image?: number; reason?: string }[];
    warnings: { code: string; message: string }[];
  } | null;
};

/** One line of GET /api/kwic (routes/exports.ts). */
export type KwicLineAnswer = {
  hitId: string;
  sha256: string;
  document: string;
  start: number;
  end: number;
  left: string;
  keyword: string;
  right: string;
  reviewStatus: string;
  decision: string | null;
};

/** GET /api/kwic and /api/exports/kwic.json */
export type KwicAnswer = { terms: { entryId: string; term: string; english: string; category: string; lines: KwicLineAnswer[] }[] };

/** GET /api/glossary */
export type GlossaryAnswer = { version: string; categories: Category[]; entries: GlossaryEntryView[] };

/** PUT /api/glossary/entries/:id and POST /api/glossary/entries */
export type GlossaryEditAnswer = {
  entry: GlossaryEntryView | null;
  versionBefore: string;
  versionAfter: string;
  changed: boolean;
  warnings: string[];
  retag: { offered: boolean; href: string };
};

/** POST /api/glossary/retag */
export type RetagAnswer = { glossaryVersion: string; documents: number };

/** GET /api/glossary/retag-preview: what a re-tag would do to the review, before it runs */
export type RetagPreviewAnswer = { glossaryVersion: string; documents: number; kept: number; reopened: number; withdrawn: number; added: number };

/** GET /api/batches */
export type BatchListAnswer = { items: BatchView[] };

/** GET /api/batches/:id: counts and a page of items in key order */
export type BatchDetailAnswer = { batch: BatchView; items: BatchItemView[]; nextAfter: string | null };

/** POST /api/uploads (202) */
export type UploadAnswer = { batch: BatchView; items: BatchItemView[]; deferred?: { code: string; message: string } };

/** The data of the `progress` and `done` events of GET /api/batches/:id/events */
export type BatchProgressEvent = { batch: BatchView; items?: BatchItemView[] };

/** GET /api/audit */
export type AuditAnswer = { items: AuditEntryRecord[] };

/** GET /api/tokens */
export type TokenListAnswer = { items: ApiTokenRecord[] };

/** POST /api/tokens (201): the secret is in this answer and nowhere else. */
export type TokenCreatedAnswer = { token: string; record: ApiTokenRecord };

/** Every error answer. */
export type ErrorAnswer = { error: { code: string; message: string; details?: Record<string, unknown> } };

// ─── what the page sends ─────────────────────────────────────────────────────

/** The queue's filters as query parameters (routes/hit-filters.ts). */
export type HitFilterParams = {
  term?: string;
  entry?: string;
  category?: string;
  batch?: string;
  kind?: string;
  status?: string;
  document?: string;
};

/** The body of POST /api/hits/:id/decisions (routes/decisions.ts). */
export type DecisionRequest = {
  decision: 'confirm' | 'reject' | 'correct';
  note?: string;
  correction?: { entryId?: string; start?: number; end?: number; reading?: string };
};

/** The body of POST /api/decisions (routes/bulk-decisions.ts): listed hits, or a filter with its preview's answer. */
export type BulkRequest = {
  decision: 'confirm' | 'reject';
  note?: string;
  hits?: { id: string; etag: string }[];
  filter?: HitFilterParams;
  expect?: BulkPreviewAnswer;
  preview?: boolean;
};

/** The body of PUT /api/glossary/entries/:id; POST adds the id (routes/glossary.ts). */
export type EntryRequest = {
  term: string;
  traditional: string[];
  variants: string[];
  deprecated: string[];
  english: string[];
  category: string;
  note?: string;
  source: string[];
};

/** The body of POST /api/tokens (routes/tokens.ts). */
export type TokenRequest = { name: string; role: Role };

/** One occurrence of GET /api/search: the `search --format jsonl` shape (routes/search.ts). */
export type SearchResultView = SearchResult;

/** GET /api/search */
export type SearchAnswer = { results: SearchResultView[]; nextCursor: string | null };

/** GET /api/documents (mirrors ListedDocumentSchema in routes/document-list.ts) */
export type DocumentListAnswer = {
  items: { sha256: string; firstPath: string; mediaType: string; bytes: number; createdAt: string; script: string | null; hits: HitCounts & { possible: number } }[];
  nextCursor: string | null;
};
