// @ts-check
/** @import { DecisionAnswer, DecisionRequest, HitView } from '../../api/views/page-api.ts' */
import { messageOf, statusOf } from '../lib/api.js';
import { postDecision } from '../lib/endpoints.js';
import { documentOf, forgetDetail, forgetKwic } from './review-cache.js';

/**
 * @typedef {{ hit: HitView, answer: DecisionAnswer } | { hit: HitView, conflict: true } | { hit: HitView, error: string }} Outcome
 */

/**
 * Records one decision on each of `hits`, each on the version the page saw (its ETag), and
 * brings the page's copies of them (queue, document, caches) up to date. Answers per hit, in
 * order; a hit someone decided on meanwhile is a conflict, not an error. Takes a list so that a
 * selection of hits goes the same way as the one on screen (a bulk route will replace the loop).
 * @param {HitView[]} hits
 * @param {DecisionRequest} body
 * @returns {Promise<Outcome[]>}
 */
export async function decideOn(hits, body) {
  /** @type {Outcome[]} */
  const outcomes = [];
  for (const hit of hits) {
    try {
      const answer = await postDecision(hit.id, hit.etag, body);
      Object.assign(hit, answer.hit);
      forgetDetail(hit.id);
      forgetKwic(hit.entryId);
      // The document's own copy of the hit drives the marks and boxes.
      const doc = await documentOf(hit.sha256);
      const inDoc = doc.hits.find((h) => h.id === hit.id);
      if (inDoc) Object.assign(inDoc, answer.hit);
      outcomes.push({ hit, answer });
    } catch (error) {
      if (statusOf(error) === 412) {
        forgetDetail(hit.id);
        outcomes.push({ hit, conflict: true });
      } else outcomes.push({ hit, error: messageOf(error) });
    }
  }
  return outcomes;
}
