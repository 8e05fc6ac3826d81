// @ts-check
// Every route the page calls, each with the type of its answer (src/api/views/page-api.ts).
/**
 * @import {
 *   AuditAnswer, BatchListAnswer, BulkAnswer, BulkPreviewAnswer, BulkRequest, BulkUndoAnswer, DecisionAnswer, DecisionRequest, DocumentAnswer, EntryRequest,
 *   GlossaryAnswer, GlossaryEditAnswer, HitDetailAnswer, HitFilterParams, HitPageAnswer, KwicAnswer,
 *   GlossaryEntryView, RetagAnswer, RetagPreviewAnswer, SessionAnswer, TokenCreatedAnswer, TokenListAnswer, TokenRequest, UploadAnswer, ApiTokenRecord,
 * } from '../../api/views/page-api.ts'
 */
import { api, query, sendForm } from './api.js';

const enc = encodeURIComponent;

/** @returns {Promise<SessionAnswer>} */
export const getSession = async () => (await api('/api/session')).data;

/** @returns {Promise<SessionAnswer>} */
export const signIn = async (/** @type {string} */ token) => (await api('/api/session', { method: 'POST', body: { token } })).data;

/** @returns {Promise<SessionAnswer>} */
export const signOut = async () => (await api('/api/session', { method: 'DELETE' })).data;

/** @returns {Promise<GlossaryAnswer>} */
export const getGlossary = async (/** @type {{ q?: string, category?: string }} */ params = {}) => (await api(`/api/glossary${query(params)}`)).data;

/** @returns {Promise<GlossaryEntryView>} */
export const getEntry = async (/** @type {string} */ id) => (await api(`/api/glossary/entries/${enc(id)}`)).data;

/** @returns {Promise<BatchListAnswer>} */
export const listBatches = async (limit = 100) => (await api(`/api/batches${query({ limit })}`)).data;

/**
 * @param {HitFilterParams & { limit?: number, after?: string | null, before?: string | null, around?: string }} params
 * @returns {Promise<HitPageAnswer>}
 */
export const listHits = async (params) => (await api(`/api/hits${query(params)}`)).data;

/** @returns {Promise<HitDetailAnswer>} */
export const getHit = async (/** @type {string} */ hitId) => (await api(`/api/hits/${enc(hitId)}`)).data;

/** @returns {Promise<DocumentAnswer>} */
export const getDocument = async (/** @type {string} */ sha256) => (await api(`/api/documents/${enc(sha256)}`)).data;

export const imageUrl = (/** @type {string} */ sha256) => `/api/documents/${enc(sha256)}/image`;

/** @returns {Promise<KwicAnswer>} */
export const getKwic = async (/** @type {string} */ entryId, limit = 12) => (await api(`/api/kwic${query({ entry: entryId, limit })}`)).data;

/**
 * @param {string} hitId
 * @param {string} etag the version of the hit the decision was made on
 * @param {DecisionRequest} body
 * @returns {Promise<DecisionAnswer>}
 */
export const postDecision = async (hitId, etag, body) =>
  (await api(`/api/hits/${enc(hitId)}/decisions`, { method: 'POST', headers: { 'if-match': etag }, body })).data;

/** @returns {Promise<BulkAnswer>} one decision on listed hits, or on a filtered set its preview counted */
export const postBulkDecision = async (/** @type {BulkRequest} */ body) => (await api('/api/decisions', { method: 'POST', body })).data;

/** @returns {Promise<BulkPreviewAnswer>} how many hits the filters select, and the set's version */
export const previewBulk = async (/** @type {BulkRequest['filter']} */ filter) =>
  (await api('/api/decisions', { method: 'POST', body: { decision: 'confirm', filter, preview: true } })).data;

/** @returns {Promise<BulkUndoAnswer>} */
export const undoBulkDecision = async (/** @type {string} */ bulkId) => (await api(`/api/decisions/${enc(bulkId)}/undo`, { method: 'POST' })).data;

/** @returns {Promise<GlossaryEditAnswer>} */
export const createEntry = async (/** @type {string} */ id, /** @type {EntryRequest} */ entry) =>
  (await api('/api/glossary/entries', { method: 'POST', body: { id, ...entry } })).data;

/** @returns {Promise<GlossaryEditAnswer>} */
export const updateEntry = async (/** @type {string} */ id, /** @type {EntryRequest} */ entry) =>
  (await api(`/api/glossary/entries/${enc(id)}`, { method: 'PUT', body: entry })).data;

/** @returns {Promise<RetagPreviewAnswer>} */
export const retagPreview = async () => (await api('/api/glossary/retag-preview')).data;

/** @returns {Promise<RetagAnswer>} */
export const retag = async () => (await api('/api/glossary/retag', { method: 'POST', body: {} })).data;

/**
 * @param {FormData} form
 * @param {(sent: number, total: number) => void} progress
 * @returns {Promise<UploadAnswer>}
 */
export const postUpload = (form, progress) => sendForm('/api/uploads', form, progress);

/** @returns {Promise<import('../../api/views/page-api.ts').BatchDetailAnswer>} */
export const getBatch = async (/** @type {string} */ batchId, limit = 200) => (await api(`/api/batches/${enc(batchId)}${query({ limit })}`)).data;

export const batchEventsUrl = (/** @type {string} */ batchId) => `/api/batches/${enc(batchId)}/events`;

/** @returns {Promise<AuditAnswer>} */
export const listAudit = async (/** @type {{ subject?: string, limit?: number }} */ params) => (await api(`/api/audit${query(params)}`)).data;

/** @returns {Promise<TokenListAnswer>} */
export const listTokens = async () => (await api('/api/tokens')).data;

/** @returns {Promise<TokenCreatedAnswer>} */
export const createToken = async (/** @type {TokenRequest} */ body) => (await api('/api/tokens', { method: 'POST', body })).data;

/** @returns {Promise<ApiTokenRecord>} */
export const revokeToken = async (/** @type {string} */ id) => (await api(`/api/tokens/${enc(id)}`, { method: 'DELETE' })).data;

/** Export links take the queue's filters. */
export const exportUrls = (/** @type {HitFilterParams} */ filters) => {
  const q = query(filters);
  return { jsonld: `/api/exports/annotations.jsonld${q}`, csv: `/api/exports/hits.csv${q}`, kwic: `/api/exports/kwic.json${q}` };
};

/**
 * @param {{ q: string, batch?: string, script?: string, fuzzy?: string, cursor?: string | null, limit?: number }} params
 * @returns {Promise<import('../../api/views/page-api.ts').SearchAnswer>}
 */
export const searchCorpus = async (params) => (await api(`/api/search${query(params)}`)).data;

/**
 * @param {{ batch?: string, script?: string, hasHits?: string, status?: string, cursor?: string | null, limit?: number }} params
 * @returns {Promise<import('../../api/views/page-api.ts').DocumentListAnswer>}
 */
export const listDocuments = async (params) => (await api(`/api/documents${query(params)}`)).data;
