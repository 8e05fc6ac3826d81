import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { openStore } from '../../store/open-store.ts';
import { ROLES, type Role, type TokenRepository } from '../../store/repositories/tokens.ts';
import type { Store } from '../../store/store.ts';

async function withTokens<T>(work: (tokens: TokenRepository, store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config());
  try {
    return await work(store.tokens, store);
  } finally {
    await store.close();
  }
}

/** API tokens of the review service: made here, shown once, kept only as a hash. */
export function tokenCommand(): Command {
  const token = new Command('token').description('API tokens for the review service (termlens serve)');
  token
    .command('create')
    .description('make a token and print it once on stdout; only its hash is kept')
    .addOption(new Option('-r, --role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('-n, --name <name>', 'who or what holds it (shown in the audit log)')
    .addHelpText(
      'after',
      '\nRoles: uploader (upload, follow batches), reviewer (review hits, glossary, exports), admin (all,\n' +
        'glossary edits, tokens). Keep the token like a password; `termlens token revoke` ends it and its sessions.',
    )
    .action(async (opts: { role: Role; name: string }) => {
      await withTokens(async (tokens, store) => {
        const { token: secret, record } = await tokens.create({ name: opts.name, role: opts.role });
        await store.appendAudit({ actor: 'cli', action: 'token.created', subject: record.id, details: { name: record.name, role: record.role } });
        process.stderr.write(`token ${record.id} (${record.role}) for "${record.name}"; it is shown once, now:\n`);
        process.stdout.write(`${secret}\n`);
      });
    });
  token
    .command('list')
    .description('tokens with their ids, names, roles and whether they are revoked (never the secrets)')
    .action(async () => {
      await withTokens(async (tokens) => {
        for (const t of await tokens.list()) {
          process.stdout.write(`${t.id}\t${t.role}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'live'}\t${t.name}\n`);
        }
      });
    });
  token
    .command('revoke')
    .description('revoke a token (by id, or by name when one live token has it); its sessions end too')
    .argument('<token>', 'token id (tok_…) or name')
    .action(async (idOrName: string) => {
      await withTokens(async (tokens, store) => {
        const revoked = await tokens.revoke(idOrName);
        if (!revoked) {
          process.stderr.write(`no live token ${idOrName}\n`);
          process.exitCode = 1;
          return;
        }
        await store.appendAudit({ actor: 'cli', action: 'token.revoked', subject: revoked.id, details: { name: revoked.name } });
        process.stdout.write(`revoked ${revoked.id} (${revoked.name})\n`);
      });
    });
  return token;
}
