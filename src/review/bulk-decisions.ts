import { randomUUID } from 'node:crypto';
import type { HitFilters } from '../store/repositories/hit-queue.ts';
import type { Store } from '../store/store.ts';
import { appendDecision, type HitAtVersion, type ReviewAudit, type Reviewer } from './apply-decision.ts';
import { compareDocumentThenId } from './decision-order.ts';
import { checkIfMatch, hitEtag, hitSetEtag } from './hit-version.ts';
import { ReviewRefusal } from './review-refusal.ts';
import { statusOfDecision } from '../store/repositories/hit-queue.ts';
import { checkMayDecide } from './who-may-decide.ts';

/** A bulk decision takes at most this many hits: one transaction, a few statements per hit. */
export const BULK_MAX_HITS = 2000;

/** Which hits: listed with the ETag each was seen at, or the queue's filters with what a preview counted. */
export type BulkTarget =
  | { kind: 'hits'; hits: readonly { id: string; etag: string }[] }
  | { kind: 'filter'; filters: HitFilters; expect?: { count: number; tag: string } };

export type BulkInput = {
  target: BulkTarget;
  /** A bulk decision confirms or rejects; a correction is about one hit and is made on it. */
  decision: 'confirm' | 'reject';
  note: string | null;
  by: Reviewer;
  /** The audit log on a given store: inside the transaction for the decisions, outside for a refusal. */
  auditTo: (store: Store) => ReviewAudit;
  /** Only count the filtered set and give its version; nothing is written. */
  preview?: boolean;
};

/** A hit as a bulk action left it. */
export type BulkHitState = { id: string; revision: number; reviewStatus: ReturnType<typeof statusOfDecision>; etag: string };

export type BulkAnswer =
  | { preview: true; count: number; tag: string }
  | { preview: false; bulkId: string; decision: 'confirm' | 'reject'; hits: BulkHitState[] };

/** The hits the target names, each at its current version, with what disagrees with the caller. */
async function resolveTarget(store: Store, target: BulkTarget): Promise<{ found: HitAtVersion[]; missing: string[]; changed: { id: string; etag: string }[] }> {
  if (target.kind === 'filter') {
    const rows = await store.hits.queued(target.filters, { limit: BULK_MAX_HITS + 1 });
    if (rows.length > BULK_MAX_HITS) {
      throw new ReviewRefusal('bad-request', 'BULK_TOO_LARGE', `the filters select more than ${BULK_MAX_HITS} hits; a bulk decision takes at most ${BULK_MAX_HITS}: narrow the filters (a batch, a document, an entry)`);
    }
    return { found: rows.map((row) => ({ hit: row, current: row.revision })), missing: [], changed: [] };
  }
  const seen = new Set<string>();
  for (const { id } of target.hits) {
    if (seen.has(id)) throw new ReviewRefusal('bad-request', 'BULK_DUPLICATE_HIT', `hit ${id} is listed twice`);
    seen.add(id);
  }
  const found: HitAtVersion[] = [];
  const missing: string[] = [];
  const changed: { id: string; etag: string }[] = [];
  for (const { id, etag } of target.hits) {
    const at = await store.hits.atRevision(id);
    if (!at) {
      missing.push(id);
      continue;
    }
    const current = hitEtag(at.hit.id, at.current);
    try {
      checkIfMatch(etag, current);
    } catch (error) {
      if (!(error instanceof ReviewRefusal && error.reason === 'changed')) throw error;
      changed.push({ id, etag: current });
    }
    found.push(at);
  }
  return { found, missing, changed };
}

const setTagOf = (found: readonly HitAtVersion[]) => hitSetEtag(found.map((at) => hitEtag(at.hit.id, at.current)));

/**
 * One decision on a set of hits, in one transaction: every hit gets its own revision and audit
 * line (the single decision's appendDecision, hit by hit), or none does. A listed hit someone
 * decided on since its ETag was read, a listed hit that is gone, or a filtered set that is no
 * longer the one its preview counted refuses the whole action, naming what differs; the
 * refusal is audited once, after the rollback.
 */
export async function decideBulk(store: Store, input: BulkInput): Promise<BulkAnswer> {
  checkMayDecide(input.by.role);
  const { target } = input;
  if (input.preview) {
    if (target.kind !== 'filter') throw new ReviewRefusal('bad-request', 'BULK_PREVIEW_FILTER', 'a preview counts a filtered set; a list of hits is already counted');
    const { found } = await resolveTarget(store, target);
    return { preview: true, count: found.length, tag: setTagOf(found) };
  }
  const bulkId = `bulk_${randomUUID()}`;
  try {
    return await store.transaction(async (tx) => {
      const { found, missing, changed } = await resolveTarget(tx, target);
      if (missing.length > 0) {
        throw new ReviewRefusal('not-found', 'HITS_NOT_FOUND', `${missing.length} of the hits listed do not exist; nothing was decided`, { missing });
      }
      if (changed.length > 0) {
        throw new ReviewRefusal('changed', 'HITS_CHANGED', `someone decided on ${changed.length} of these hits since you loaded them; nothing was decided: reload them and decide again`, {
          conflicts: changed,
        });
      }
      if (target.kind === 'filter') {
        const tag = setTagOf(found);
        if (!target.expect) {
          throw new ReviewRefusal('version-required', 'PRECONDITION_REQUIRED', 'a bulk decision on a filtered set needs expect: the count and tag of its preview', {
            count: found.length,
            tag,
          });
        }
        if (target.expect.count !== found.length || target.expect.tag !== tag) {
          throw new ReviewRefusal('changed', 'HIT_SET_CHANGED', `the filters now select ${found.length} hits, not the ${target.expect.count} you saw, or some of them were decided since; nothing was decided: look again`, {
            count: found.length,
            tag,
          });
        }
      }
      if (found.length === 0) throw new ReviewRefusal('bad-request', 'BULK_EMPTY', 'no hits to decide on');
      const audit = input.auditTo(tx);
      // Written in document, then hit id order, whatever order they were given in, so that two
      // bulk actions over the same documents cannot deadlock (decision-order.ts).
      const states = new Map<string, BulkHitState>();
      for (const at of [...found].sort((a, b) => compareDocumentThenId(a.hit, b.hit))) {
        const record = await appendDecision(tx, at, { decision: input.decision, corrected: null, note: input.note }, { author: input.by.actor, audit, bulkId });
        states.set(at.hit.id, { id: at.hit.id, revision: record.revision, reviewStatus: statusOfDecision(record.decision), etag: hitEtag(at.hit.id, record.revision) });
      }
      const hits = found.map((at) => states.get(at.hit.id)!);
      await audit('review.bulk', bulkId, {
        decision: input.decision,
        count: hits.length,
        ...(target.kind === 'filter' ? { filters: target.filters } : { listed: hits.length }),
      });
      return { preview: false as const, bulkId, decision: input.decision, hits };
    });
  } catch (error) {
    if (error instanceof ReviewRefusal && (error.reason === 'changed' || error.reason === 'version-required')) {
      // A race lost while writing names one hit (appendDecision); the checks above name them all.
      const conflicts = error.details?.conflicts ?? (typeof error.details?.hitId === 'string' ? [{ id: error.details.hitId, etag: error.details.etag }] : undefined);
      await input.auditTo(store)('review.bulk-refused', bulkId, { code: error.code, decision: input.decision, ...(conflicts ? { conflicts } : {}) });
      if (error.code === 'HIT_CHANGED' && conflicts) {
        throw new ReviewRefusal('changed', 'HITS_CHANGED', 'someone decided on one of these hits at the same moment; nothing was decided: reload them and decide again', { conflicts });
      }
    }
    throw error;
  }
}
