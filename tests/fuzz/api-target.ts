import fc from 'fast-check';
import { createApiTestEnv } from '../api/helpers/api-env.ts';
import { seedDocument } from '../api/helpers/seed-documents.ts';
import { Finding, type FuzzTarget } from './input-targets.ts';

/**
 * Every route of the review service, with queries, path parameters and bodies built from the
 * route's own schemas (read back from its OpenAPI document) and then bent: values of the wrong
 * type, past their bounds, in other scripts, keys that do not exist, bodies that are not JSON.
 * Each request goes through fastify's inject on a real app (SQLite store, the shipped glossary).
 * The property: never a 5xx, and every 4xx carries `{error: {code, message}}`.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema };
type Operation = { method: string; path: string; parameters: Parameter[]; body?: JsonSchema; multipart: boolean };

type Ids = { sha256: string; hitIds: string[] };

const junkString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', '\u0000', '\uFEFF', '警侨驿站', '聘請', '<script>', "' or 1=1 --", 'null', 'NaN', '-1', '1e309', '0x10'),
  fc.integer({ min: 150, max: 5000 }).map((n) => 'A'.repeat(n)),
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value for a schema: usually one it allows (at and past its bounds), sometimes anything at all. */
function valueFor(schema: JsonSchema | undefined, ids: Ids, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return junkValue;
  const choices: fc.Arbitrary<unknown>[] = [];
  if (schema.const !== undefined) choices.push(fc.constant(schema.const));
  if (schema.enum) choices.push(fc.constantFrom(...schema.enum));
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) choices.push(valueFor(sub, ids, depth + 1));
  const types = schema.type === undefined ? [] : [schema.type].flat();
  for (const type of types) {
    if (type === 'string') {
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 200, 300);
      choices.push(
        fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
        fc.constantFrom(ids.sha256, ...ids.hitIds.slice(0, 3), 'jingqiao-yizhan', 'tok_0123456789abcdef'),
        fc.integer({ min: Math.max(0, max - 1), max: max + 2 }).map((n) => 'x'.repeat(n)),
      );
    } else if (type === 'integer' || type === 'number') {
      const lo = schema.minimum ?? -1e6;
      const hi = schema.maximum ?? 1e6;
      choices.push(
        fc.constantFrom(lo, hi, lo - 1, hi + 1, 0, -1, Number.MAX_SAFE_INTEGER),
        type === 'integer' ? fc.integer({ min: Math.max(-(2 ** 31), Math.floor(lo)), max: Math.min(2 ** 31, Math.ceil(hi)) }) : fc.double({ noNaN: true }),
      );
    } else if (type === 'boolean') choices.push(fc.boolean());
    else if (type === 'null') choices.push(fc.constant(null));
    else if (type === 'array') choices.push(fc.array(valueFor(schema.items, ids, depth + 1), { maxLength: 6 }));
    else if (type === 'object') {
      const keys = Object.keys(schema.properties ?? {});
      const known = fc.record(
        Object.fromEntries(keys.map((key) => [key, valueFor(schema.properties![key], ids, depth + 1)])),
        { requiredKeys: [] },
      );
      choices.push(
        fc.tuple(known, fc.dictionary(fc.string({ maxLength: 8 }), junkValue, { maxKeys: 2 })).map(([k, extra]) => ({ ...extra, ...k })),
        known,
      );
    }
  }
  if (choices.length === 0) return junkValue;
  return fc.oneof({ arbitrary: fc.oneof(...choices), weight: 8 }, { arbitrary: junkValue, weight: 2 });
}

/** As a query string or path segment: how a client would write the value. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [route, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path: route,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        ...(content?.['application/json'] ? { body: content['application/json'].schema } : {}),
        multipart: route === '/api/uploads',
      });
    }
  }
  return operations;
}

type Request = {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
};

function requestFor(op: Operation, ids: Ids, tokens: Record<string, string>): fc.Arbitrary<Request> {
  // The event stream of a real batch runs until the batch ends; a made-up id is refused at once.
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const routeParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const names = [...new Set([...pathParams, ...routeParams])];
  const pathValues = fc.record(
    Object.fromEntries(
      names.map((name) => {
        const schema = op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
        return [name, fc.oneof(valueFor(schema, ids).map(asText), junkString)];
      }),
    ),
  );
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc.tuple(
    fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valueFor(p.schema, ids).map(asText)])), { requiredKeys: [] }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), junkString, { maxKeys: 2 }),
    fc.option(fc.constantFrom(...(queryParams.length > 0 ? queryParams.map((p) => p.name) : ['x'])), { nil: undefined }),
  );
  const body = op.body
    ? fc.oneof(
        { arbitrary: valueFor(op.body, ids).map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? '' })), weight: 6 },
        { arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', payload: s })), weight: 2 },
        { arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data', 'application/xml'), fc.string({ maxLength: 100 })).map(([type, payload]) => ({ type, payload })), weight: 1 },
      )
    : op.multipart
      ? fc.tuple(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 400 }), fc.boolean()).map(([name, bytes, closed]) => {
          const boundary = 'fuzzboundary';
          const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
          return {
            type: `multipart/form-data; boundary=${boundary}`,
            payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(closed ? `\r\n--${boundary}--\r\n` : '')]),
          };
        })
      : fc.constant(undefined);
  const caller = fc.constantFrom('admin', 'admin', 'admin', 'reviewer', 'uploader', 'anonymous');
  const ifMatch = fc.option(fc.oneof(junkString, fc.constant('"0"')), { nil: undefined });
  return fc.tuple(pathValues, query, body, caller, ifMatch).map(([params, [known, extra, repeated], sent, who, match]) => {
    let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...extra, ...known })) search.append(key, String(value));
    if (repeated !== undefined) search.append(repeated, 'again');
    const text = search.toString();
    if (text) url += `?${text}`;
    const headers: Record<string, string> = {};
    if (who !== 'anonymous') headers.authorization = `Bearer ${tokens[who]}`;
    if (match !== undefined) headers['if-match'] = match.replace(/[\r\n]/g, '');
    if (sent) headers['content-type'] = sent.type;
    return { method: op.method, url, headers, ...(sent ? { payload: sent.payload } : {}) };
  });
}

const SKIPPED = new Set([
  // Revoking the tokens the fuzzer signs in with would leave it testing 401s only.
  'DELETE /api/tokens/{id}',
]);

export const apiRoutes: FuzzTarget = {
  name: 'API query, path and body schemas (every route, through inject)',
  suiteRuns: 400,
  weight: 2,
  async open() {
    const env = await createApiTestEnv();
    const seeded = await seedDocument(env);
    const ids: Ids = { sha256: seeded.sha256, hitIds: seeded.hitIds.length > 0 ? seeded.hitIds : ['hit_0'] };
    const operations = operationsOf(env.app.swagger() as never).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
    const request = fc.oneof(...operations.map((op) => requestFor(op, ids, env.tokens)));
    return {
      property: fc.asyncProperty(request, async (sent) => {
        const response = await env.app.inject({ method: sent.method as 'GET', url: sent.url, headers: sent.headers, ...(sent.payload !== undefined ? { payload: sent.payload } : {}) });
        const label = `${sent.method} ${sent.url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        if (response.statusCode >= 500) throw new Finding(label);
        if (response.statusCode >= 400) {
          let code: unknown;
          try {
            code = (JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } }).error?.code;
          } catch {
            code = undefined;
          }
          if (typeof code !== 'string' || code === '') throw new Finding(`no error code: ${label}`);
        }
      }) as fc.IAsyncProperty<[unknown]>,
      dispose: () => env.close(),
    };
  },
};
