import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { runCli } from './helpers/run-cli.ts';

let dataDir: string;
const env = () => ({ TERMLENS_DATA_DIR: dataDir });

describe('termlens token and serve', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-token-cli-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('creates a token, prints it once, and keeps only its hash', async () => {
    const made = await runCli(['token', 'create', '--role', 'reviewer', '--name', 'Li Wei'], { env: env() });
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^tlk_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toMatch(/tok_[0-9a-f]{16} \(reviewer\) for "Li Wei"/);

    const listed = await runCli(['token', 'list'], { env: env() });
    expect(listed.stdout).toMatch(/tok_[0-9a-f]{16}\treviewer\tlive\tLi Wei/);
    expect(listed.stdout).not.toContain(token);

    const store = await openSqliteStore(path.join(dataDir, SQLITE_FILE_NAME));
    try {
      expect((await store.tokens.verify(token))?.name).toBe('Li Wei');
    } finally {
      await store.close();
    }

    const revoked = await runCli(['token', 'revoke', 'Li Wei'], { env: env() });
    expect(revoked.code).toBe(0);
    expect((await runCli(['token', 'list'], { env: env() })).stdout).toMatch(/\trevoked /);
    expect((await runCli(['token', 'revoke', 'Li Wei'], { env: env() })).code).toBe(1);
  });

  it('refuses an unknown role', async () => {
    const run = await runCli(['token', 'create', '--role', 'god', '--name', 'x'], { env: env() });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Allowed choices are uploader, reviewer, admin/);
  });

  it('refuses to serve without auth on anything but loopback', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--no-auth', '--no-redis'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AUTH_REQUIRED: --no-auth is only allowed on a loopback address/);
  });
});
