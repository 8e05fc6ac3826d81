import { Command } from 'commander';
import { config } from '../../config.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { freshSuffix } from '../../queue/jobs.ts';
import { openCliServices, requireProducer } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { waitForRetag } from '../batch/wait-for-retag.ts';

export function retagCommand(): Command {
  return new Command('retag')
    .description('after a glossary change, tag and annotate stored documents again, without OCR')
    .option('-b, --batch <batch>', 'only the documents of this batch (id or name; default: every stored document)')
    .option('-g, --glossary <dir>', 'glossary directory; the workers must read the same one', config().glossaryDir)
    .option('-w, --wait', 'wait until every document is retagged')
    .addHelpText(
      'after',
      '\nEvery hit records the glossary version (a content hash) it came from; earlier versions\' hits are kept.\n' +
        'Workers reload their glossary when a job asks for a version they do not hold.',
    )
    .action(async (opts: { batch?: string; glossary: string; wait?: boolean }) => {
      // Loaded here first: a broken glossary is reported before any job is queued. Recorded, so
      // that `glossary diff` can compare the version the new hits carry with earlier ones.
      const glossary = await loadRecordedGlossary(opts.glossary, config().dataDir);
      const services = await openCliServices(config(), { redis: true });
      try {
        const { store } = services;
        const producer = requireProducer(services);
        const batch = opts.batch ? await resolveBatch(store, opts.batch) : undefined;
        const documents = await store.listDocumentSha256s(batch ? { batchId: batch.id } : {});
        // Fresh ids: the pipeline's completed analysis jobs keep the plain ids.
        const fresh = freshSuffix(`retag.${glossary.version.slice(0, 12)}`);
        const jobs = new Map<string, string>();
        for (const sha256 of documents) {
          if (!(await store.getOcrResult(sha256))) continue;
          jobs.set(sha256, await producer.addAnalysis(sha256, { reason: 'retag', glossaryVersion: glossary.version, fresh }));
        }
        await store.appendAudit({
          actor: 'cli',
          action: 'glossary.retag',
          subject: batch?.id ?? '*',
          details: { glossaryVersion: glossary.version, documents: jobs.size },
        });
        process.stderr.write(`retagging ${jobs.size} document${jobs.size === 1 ? '' : 's'} with glossary ${glossary.version.slice(0, 12)}\n`);
        if (!opts.wait) return;
        const result = await waitForRetag(store, services.queues!.analysis, jobs, glossary.version);
        process.stdout.write(`${JSON.stringify({ glossaryVersion: glossary.version, retagged: result.done, failed: result.failed.length })}\n`);
        for (const f of result.failed) process.stderr.write(`${f.sha256}: ${f.reason}\n`);
        if (result.failed.length > 0) process.exitCode = 1;
      } finally {
        await services.close();
      }
    });
}
