import { z } from 'zod';

export const ASSET_CATEGORIES = ['vpn_gateway', 'firewall', 'authentication_server', 'cloud_service', 'ot_controller', 'server', 'network_device', 'software_component', 'other'] as const;
export const AssetCategory = z.enum(ASSET_CATEGORIES);
export const Placement = z.enum(['internet_facing', 'internal', 'ot']);
export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);

const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * One asset, as the form, the API and each CSV row give it. An asset must be identifiable for
 * matching: a CPE, a package URL, or at least maker and product.
 */
export const AssetInput = z
  .object({
    name: Text(200),
    category: AssetCategory,
    maker: Text(200).optional(),
    product: Text(200).optional(),
    version: Text(100).optional(),
    cpe: z.string().trim().regex(/^cpe:(2\.3:|\/)[aoh]/, 'cpe_format').max(1000).optional(),
    purl: z.string().trim().regex(/^pkg:[a-zA-Z.+-]+\//, 'purl_format').max(1000).optional(),
    placement: Placement,
    service: Text(200).optional(),
    criticality: Criticality.default('medium'),
    /** The vendor organisation that operates it (omit when run by the owner's own staff). */
    operatorOrg: z.uuid().optional(),
    designatedCritical: z.boolean().default(false),
    parentId: z.uuid().optional(),
  })
  .superRefine(
    (a, ctx) => {
      if (!a.cpe && !a.purl && !(a.maker && a.product)) ctx.addIssue({ code: 'custom', path: ['cpe'], message: 'asset_identity_required' });
    },
    // Checked even when other fields are wrong, so that one answer lists every problem (CSV rows too).
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type AssetInput = z.infer<typeof AssetInput>;

export const AssetPatch = z.object({
  name: Text(200).optional(),
  category: AssetCategory.optional(),
  maker: Text(200).nullable().optional(),
  product: Text(200).nullable().optional(),
  version: Text(100).nullable().optional(),
  cpe: z.string().trim().regex(/^cpe:(2\.3:|\/)[aoh]/, 'cpe_format').max(1000).nullable().optional(),
  purl: z.string().trim().regex(/^pkg:[a-zA-Z.+-]+\//, 'purl_format').max(1000).nullable().optional(),
  placement: Placement.optional(),
  service: Text(200).nullable().optional(),
  criticality: Criticality.optional(),
  operatorOrg: z.uuid().nullable().optional(),
  designatedCritical: z.boolean().optional(),
});

export const AssetListQuery = z.object({
  scope: z.enum(['own', 'operated', 'all']).default('all'),
  category: AssetCategory.optional(),
  placement: Placement.optional(),
  designated: z.stringbool().optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** CSV columns, in the template's order; the header row uses these names. */
export const CSV_COLUMNS = ['name', 'category', 'maker', 'product', 'version', 'cpe', 'purl', 'placement', 'service', 'criticality', 'operator_org', 'designated_critical'] as const;
