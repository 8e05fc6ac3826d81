import os from 'node:os';
import { Argument, Command, InvalidArgumentError } from 'commander';
import { config } from '../../config.ts';
import { loadGlossary } from '../../glossary/load-glossary.ts';
import { DecisionSchema } from '../../review/decision.ts';
import { hitEtag } from '../../review/hit-version.ts';
import { ReviewService } from '../../review/review-service.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { exitTwoOnRefusal } from '../exit-two-on-refusal.ts';

/**
 * The review service's rules from the command line, for a script or an operator at the store:
 * the same ReviewService the API runs (who may decide, the version a decision was made on,
 * append-only revisions, the audit log), on the store of TERMLENS_DATA_DIR / DATABASE_URL. The
 * operator acts as an admin (whoever can open the store can do anything an admin can) and is
 * recorded as `cli:NAME`.
 */
async function withReview<T>(glossaryDir: string, work: (review: ReviewService, store: Store) => Promise<T>): Promise<T> {
  const [store, glossary] = await Promise.all([openStore(config()), loadGlossary(glossaryDir)]);
  try {
    const entries = new Map(glossary.entries.map((e) => [e.id, e]));
    return await work(new ReviewService({ store, glossary: { entry: (id) => entries.get(id) } }), store);
  } finally {
    await store.close();
  }
}

export function reviewCommand(): Command {
  const review = new Command('review').description('show a hit and its history, or decide on it (as the review page does)');
  review
    .command('show')
    .description('the hit, its review state and its revisions, as one JSON object')
    .argument('<hit-id>', 'the hit (as the API and the exports name it)')
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .action(async (hitId: string, opts: { glossary: string }) => {
      await exitTwoOnRefusal(() =>
        withReview(opts.glossary, async (service) => {
          const { hit, revisions, state, document } = await service.hitDetail(hitId);
          const shown = { hit, state, etag: hitEtag(hit.id, state.revision), document: document.firstPath, revisions };
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        }),
      );
    });
  review
    .command('decide')
    .description('confirm or reject a hit: a new revision, recorded in the audit log')
    .argument('<hit-id>', 'the hit')
    .addArgument(new Argument('<decision>', 'confirm or reject').choices(['confirm', 'reject']))
    .option('--note <text>', 'a note kept with the decision')
    .option('--revision <n>', 'the revision you decided on (from `review show`); refused if someone decided since', parseRevision)
    .option('--as <name>', 'who decides, for the revision and the audit log', os.userInfo().username)
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText('after', '\nWithout --revision the decision is made on the hit as it is now. Corrections are made on the review page.')
    .action(async (hitId: string, decision: 'confirm' | 'reject', opts: { note?: string; revision?: number; as: string; glossary: string }) => {
      await exitTwoOnRefusal(() =>
        withReview(opts.glossary, async (service) => {
          const parsed = DecisionSchema.parse({ decision, ...(opts.note !== undefined ? { note: opts.note } : {}) });
          const revision = opts.revision ?? (await service.hitDetail(hitId)).state.revision;
          const actor = `cli:${opts.as}`;
          const done = await service.decide({
            hitId,
            ifMatch: hitEtag(hitId, revision),
            decision: parsed,
            by: { actor, role: 'admin' },
            auditTo: (on) => async (action, subject, details) => {
              await on.appendAudit({ actor, action, subject, details: { ...details, via: 'cli' } });
            },
          });
          process.stderr.write(`termlens: ${done.hit.matched} (${done.hit.entryId}) ${done.state.reviewStatus}, revision ${done.revision.revision}\n`);
        }),
      );
    });
  return review;
}

/** A revision number: 0 (no decision yet) or more. */
function parseRevision(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a revision number (0 or more)');
  return n;
}
