// @ts-check
/** @import { DocumentAnswer, HitDetailAnswer, KwicLineAnswer } from '../../api/views/page-api.ts' */
import { getDocument, getHit, getKwic } from '../lib/endpoints.js';

/**
 * Documents, hit details and concordances the review has fetched, as promises, so that the hit
 * shown and the one prefetched share one request. A failed request is forgotten, to be tried again.
 */

/** @type {Map<string, Promise<DocumentAnswer>>} */
const documents = new Map();
/** @type {Map<string, Promise<HitDetailAnswer>>} */
const details = new Map();
/** @type {Map<string, Promise<KwicLineAnswer[]>>} */
const kwic = new Map();

/**
 * @template T
 * @param {Map<string, Promise<T>>} cache
 * @param {string} key
 * @param {() => Promise<T>} fetch
 * @param {boolean} [fresh]
 * @returns {Promise<T>}
 */
function cached(cache, key, fetch, fresh = false) {
  let p = cache.get(key);
  if (!p || fresh) {
    p = fetch();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

export const documentOf = (/** @type {string} */ sha256) => cached(documents, sha256, () => getDocument(sha256));

export const detailOf = (/** @type {string} */ hitId, fresh = false) => cached(details, hitId, () => getHit(hitId), fresh);

export const kwicOf = (/** @type {string} */ entryId) => cached(kwic, entryId, async () => (await getKwic(entryId, 12)).terms[0]?.lines ?? []);

export function forgetDetail(/** @type {string} */ hitId) {
  details.delete(hitId);
}

export function forgetKwic(/** @type {string} */ entryId) {
  kwic.delete(entryId);
}

/** After an upload finished or a re-tag: documents may have new analyses. */
export function forgetDocuments() {
  documents.clear();
}

export function forgetEverything() {
  documents.clear();
  details.clear();
  kwic.clear();
}
