import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';

/** Regression tests for what fuzzing the API found (tests/fuzz/api-target.ts, docs/fuzzing.md). */

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(async () => env?.close());

describe('API fuzz findings', () => {
  it('a path parameter over the router cap was a 414 in fastify\'s own shape; ids are now left to the route schemas', async () => {
    // Counterexample: POST /api/hits/<101 × "x">/decisions → 414 {"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH",…}
    const long = await env.as('admin', { method: 'POST', url: `/api/hits/${'x'.repeat(101)}/decisions`, payload: { decision: 'confirm' } });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('VALIDATION_FAILED');
    // A glossary id of 150 characters, which its schema allows, reaches the route.
    const entry = await env.as('admin', { method: 'GET', url: `/api/glossary/entries/${'y'.repeat(150)}` });
    expect(entry.statusCode).toBe(404);
    expect(entry.json().error.code).toBe('NOT_FOUND');
    // Past the router's cap the answer has the service's error shape.
    const huge = await env.as('admin', { method: 'GET', url: `/api/hits/${'z'.repeat(3000)}` });
    expect(huge.statusCode).toBe(414);
    expect(huge.json()).toEqual({ error: { code: 'FST_ERR_MAX_PARAM_LENGTH', message: expect.any(String) } });
  });

  it('answers an unknown route with the same error shape, after sign-in like every undeclared route', async () => {
    const signedIn = await env.as('reviewer', { method: 'GET', url: '/api/no-such-route' });
    expect(signedIn.statusCode).toBe(404);
    expect(signedIn.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /api/no-such-route' } });
    const anonymous = await env.as('anonymous', { method: 'GET', url: '/api/no-such-route' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });
});
