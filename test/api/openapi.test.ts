/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- answers are plain JSON, read untyped by design (as in test/contract, eslint.config.js) */
// /openapi.json (issue 11): valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator against the
// 3.1 schema), every route of the table in it with its method, and the request schemas those of the use cases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/api/index.ts';
import { apiOn, type Json } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-openapi-'));
const t = apiOn(join(dir, 'openapi.db'));
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/openapi.json', () => {
  it('is valid OpenAPI 3.1, served without a token', async () => {
    const r = await t.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const result = await new Validator().validate(r.json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route of the table, with its method, and nothing else', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json;
    const listed = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    const routes = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(listed.sort()).toEqual([...routes].sort());
    expect(routes.length).toBeGreaterThanOrEqual(20);
    // A sample: systemAdd's body is its schema (required fields, the server's db absent), bearer auth.
    const post = doc.paths['/v1/systems'].post as Json;
    const schema = post.requestBody.content['application/json'].schema as Json;
    expect(schema.required).toEqual(
      expect.arrayContaining(['site', 'name', 'technology', 'cop', 'commissioned']),
    );
    expect(Object.keys(schema.properties as Json)).not.toContain('db');
    expect(post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The upload's body is the file; path ids are parameters; files of a calculation are multipart parts.
    const upload = doc.paths['/v1/meters/{id}/uploads'].post as Json;
    expect(Object.keys(upload.requestBody.content as Json)).toEqual(['text/csv', 'application/x-ndjson']);
    expect(upload.parameters.map((p: Json) => `${p.in} ${p.name}`)).toEqual(
      expect.arrayContaining(['path id', 'query replace', 'query skipBadRows']),
    );
    const energy = doc.paths['/v1/energy'].post as Json;
    const form = energy.requestBody.content['multipart/form-data'].schema as Json;
    expect(form.properties.files).toMatchObject({
      type: 'array',
      items: { type: 'string', format: 'binary' },
    });
    // Every route answers the error shape for 400, 401, 403, 404, 413, 429 and 500.
    for (const ops of Object.values(doc.paths as Record<string, Json>))
      for (const op of Object.values(ops) as Json[])
        expect(Object.keys(op.responses as Json)).toEqual(
          expect.arrayContaining(['400', '401', '403', '404', '413', '429', '500']),
        );
  });

  it("documents issue 10's routes: the Idempotency-Key they need, the decision and format choices, the CSV", async () => {
    const doc = (await t.call('GET', '/openapi.json')).json;
    const header = (op: Json) => (op.parameters as Json[]).find((p) => p.in === 'header');
    for (const path of [
      '/v1/batches/{id}/transfers',
      '/v1/batches/{id}/retirements',
      '/v1/batches/{id}/withdrawals',
      '/v1/transfers/{id}/{decision}',
    ]) {
      const op = doc.paths[path].post as Json;
      expect(header(op), path).toMatchObject({ name: 'idempotency-key', required: true });
      expect(Object.keys(op.responses as Json)).toEqual(expect.arrayContaining(['409', '422']));
    }
    // A dry run needs no key: documented as optional.
    const issue = doc.paths['/v1/issuance'].post as Json;
    expect(header(issue)).toMatchObject({ name: 'idempotency-key' });
    expect(header(issue)?.required ?? false).toBe(false);
    expect(Object.keys(issue.requestBody.content['application/json'].schema.properties as Json)).toEqual(
      expect.arrayContaining(['period', 'program', 'dryRun']),
    );
    const decide = doc.paths['/v1/transfers/{id}/{decision}'].post as Json;
    const decision = (decide.parameters as Json[]).find((p) => p.name === 'decision');
    expect(decision?.schema.enum).toEqual(['accept', 'reject', 'withdraw']);
    const exp = doc.paths['/v1/exports/{format}'].get as Json;
    expect((exp.parameters as Json[]).find((p) => p.name === 'format')?.schema.enum).toEqual([
      'nepool-gis',
      'm-rets',
      'gats',
    ]);
    expect(Object.keys(exp.responses['200'].content as Json)).toEqual(['text/csv', 'application/json']);
    expect(Object.keys(exp.responses as Json)).toContain('422');
    expect(doc.paths['/v1/batches/{id}'].get.parameters.map((p: Json) => `${p.in} ${p.name}`)).toEqual(
      expect.arrayContaining(['path id', 'query verify']),
    );
  });
});
