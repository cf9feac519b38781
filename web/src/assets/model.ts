import type { Asset, AssetCategory, AssetInput, Criticality, Placement } from './types';

/** The form's state: every field a string (or boolean), exactly as typed. */
export type AssetFormValues = {
  name: string;
  category: AssetCategory | '';
  maker: string;
  product: string;
  version: string;
  cpe: string;
  purl: string;
  placement: Placement | '';
  service: string;
  criticality: Criticality;
  operatorOrg: string;
  designatedCritical: boolean;
};

export const emptyAsset: AssetFormValues = {
  name: '',
  category: '',
  maker: '',
  product: '',
  version: '',
  cpe: '',
  purl: '',
  placement: '',
  service: '',
  criticality: 'medium',
  operatorOrg: '',
  designatedCritical: false,
};

export function valuesOf(a: Asset): AssetFormValues {
  return {
    name: a.name,
    category: a.category,
    maker: a.maker ?? '',
    product: a.product ?? '',
    version: a.version ?? '',
    cpe: a.cpe ?? '',
    purl: a.purl ?? '',
    placement: a.placement,
    service: a.service ?? '',
    criticality: a.criticality,
    operatorOrg: a.operator?.orgId ?? '',
    designatedCritical: a.designatedCritical,
  };
}

const OPTIONAL = ['maker', 'product', 'version', 'cpe', 'purl', 'service', 'operatorOrg'] as const;

/** Registration body: blank optional fields are left out. */
export function toInput(v: AssetFormValues): AssetInput {
  const body: Record<string, unknown> = { name: v.name.trim(), category: v.category, placement: v.placement, criticality: v.criticality, designatedCritical: v.designatedCritical };
  for (const key of OPTIONAL) if (v[key].trim()) body[key] = v[key].trim();
  return body as AssetInput;
}

/** Change body: blank optional fields become null, so clearing a field clears it on the server. */
export function toPatch(v: AssetFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { name: v.name.trim(), category: v.category, placement: v.placement, criticality: v.criticality, designatedCritical: v.designatedCritical };
  for (const key of OPTIONAL) body[key] = v[key].trim() || null;
  return body;
}

export type FormErrors = Partial<Record<keyof AssetFormValues, string>>;

/** What can be told before sending; the server's rules (CPE syntax, the vendor) come back as field errors. */
export function validate(v: AssetFormValues, msg: { required: string; choose: string; identity: string }): FormErrors {
  const errors: FormErrors = {};
  if (!v.name.trim()) errors.name = msg.required;
  if (!v.category) errors.category = msg.choose;
  if (!v.placement) errors.placement = msg.choose;
  if (!v.cpe.trim() && !v.purl.trim() && !(v.maker.trim() && v.product.trim())) errors.cpe = msg.identity;
  return errors;
}
