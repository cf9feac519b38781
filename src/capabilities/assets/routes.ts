import crypto from 'node:crypto';
import { z } from 'zod';
import type { CapabilityRoutes, ZodApp } from '../../platform/http/app.js';
import { ValidationError } from '../../platform/http/errors.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { decodeCursor, encodeCursor, requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { readAssetCsv, CSV_TEMPLATE } from './csv.js';
import { decodeCsvBytes } from './encoding.js';
import { readCycloneDx } from './cyclonedx.js';
import { ministryCsv, presentAsset } from './present.js';
import { AssetInput, AssetListQuery, AssetPatch, Placement } from './schema.js';
import { assetsService } from './service.js';
import { text } from './texts.js';

const tags = ['assets'];
const Id = z.object({ id: z.uuid() });

export const assetsRoutes: CapabilityRoutes = async (app, platform) => {
  const service = assetsService(platform);
  app.post('/api/assets', { schema: { tags, summary: 'Register one asset (Idempotency-Key supported)', body: AssetInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const result = await idempotent(platform, req, async (trx) => ({ status: 201, body: presentAsset(await service.create(actor, trx, req.body, 'api', req.lang), actor.orgId) }));
    return reply.status(201).send(result.body);
  });

  app.get('/api/assets', { schema: { tags, summary: 'Assets the caller may see: its own and those it operates', querystring: AssetListQuery } }, async (req) => {
    const actor = actorOf(req);
    const c = decodeCursor(req.query.cursor);
    const rows = await service.list(actor, { ...req.query, after: c && { createdAt: c.at, id: c.id } });
    const last = rows.at(-1);
    return {
      items: rows.map((r) => presentAsset(r, actor.orgId)),
      nextCursor: rows.length === req.query.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  });

  app.get('/api/assets/import-template.csv', { schema: { tags, summary: 'CSV template for bulk registration' } }, async (req, reply) => {
    actorOf(req);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="renkei-assets-template.csv"').send(`\ufeff${CSV_TEMPLATE}`);
  });

  app.get(
    '/api/assets/ministry-notification',
    { schema: { tags, summary: 'Designated critical computers to notify to the competent ministry (JSON or CSV)', querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const rows = await service.designated(actor);
      if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="designated-critical-computers.csv"').send(ministryCsv(rows));
      return { items: rows.map((r) => presentAsset(r, actor.orgId)) };
    },
  );

  app.get('/api/assets/:id', { schema: { tags, summary: 'One asset', params: Id } }, async (req) => {
    const actor = actorOf(req);
    return presentAsset(await service.get(actor, req.params.id), actor.orgId);
  });

  app.patch('/api/assets/:id', { schema: { tags, summary: 'Change an asset (owner only)', params: Id, body: AssetPatch } }, async (req) => {
    const actor = actorOf(req);
    return presentAsset(await service.update(actor, req.params.id, req.body, req.lang), actor.orgId);
  });

  app.delete('/api/assets/:id', { schema: { tags, summary: 'Remove an asset (owner only)', params: Id } }, async (req, reply) => {
    await service.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  // The import gets its own scope: it reads CSV as bytes (to tell UTF-8 from Excel's Shift_JIS), while
  // other capabilities may register a text/csv parser that hands them a string.
  await app.register(async (scope: ZodApp) => {
    if (scope.hasContentTypeParser('text/csv')) scope.removeContentTypeParser('text/csv');
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser('application/vnd.cyclonedx+json', { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(Object.assign(err as Error, { statusCode: 400 }), undefined);
      }
    });

    scope.post(
      '/api/assets/import',
      {
        schema: {
          tags,
          summary: 'Bulk import: text/csv (template columns) or a CycloneDX 1.4–1.6 JSON SBOM; all or nothing, re-import is idempotent',
          querystring: z.object({ placement: Placement.default('internal'), parentName: z.string().trim().min(1).max(200).optional() }),
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const ctype = String(req.headers['content-type'] ?? '');
        if (ctype.startsWith('text/csv')) {
          const decoded = decodeCsvBytes(req.body as Buffer);
          if (!decoded.ok) throw new ValidationError([{ path: 'csv', message: text('encoding_unreadable', req.lang) }]);
          const csv = readAssetCsv(decoded.text, req.lang);
          if (!csv.ok) throw new ValidationError(csv.errors);
          const rows = csv.rows.map((r) => ({ ...r, sourceRef: `csv:${r.input?.name.toLowerCase() ?? r.line}`, path: `line ${r.line}` }));
          return { format: 'csv', ...(await service.importRows(actor, rows, 'csv', req.lang)) };
        }
        const sbom = readCycloneDx(req.body);
        if (!sbom.ok) throw new ValidationError(sbom.errors);
        const subjectName = req.query.parentName ?? sbom.subject?.name ?? 'SBOM';
        const docRef = `sbom:${sbom.serialNumber ?? crypto.createHash('sha256').update(subjectName).digest('hex').slice(0, 16)}`;
        const parent = { input: AssetInput.parse({ name: subjectName, category: 'server', maker: subjectName, product: subjectName, version: sbom.subject?.version ?? undefined, placement: req.query.placement }), operatorOrg: null, sourceRef: docRef, path: 'metadata.component' };
        const children = sbom.components.map((c) => ({
          input: AssetInput.parse({
            name: c.group ? `${c.group}/${c.name}` : c.name,
            category: 'software_component',
            maker: c.group ?? c.supplier ?? c.name,
            product: c.name,
            version: c.version ?? undefined,
            cpe: c.cpe ?? undefined,
            purl: c.purl ?? undefined,
            placement: req.query.placement,
          }),
          operatorOrg: null,
          sourceRef: `${docRef}:${c.bomRef ?? c.purl ?? `${c.group ?? ''}/${c.name}@${c.version ?? ''}`}`,
          parentRef: docRef,
          path: c.path,
        }));
        return { format: 'cyclonedx', specVersion: sbom.specVersion, ...(await service.importRows(actor, [parent, ...children], 'sbom', req.lang)) };
      },
    );
  });
};
