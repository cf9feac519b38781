import { describe, expect, it } from 'vitest';
import type { OrgId, OrgKind, UserId } from '../../platform/identity/ids.js';
import type { Actor } from '../../platform/policy/types.js';
import { audienceOf, tilesFor } from './service.js';

const actor = (orgKind: OrgKind, over: Partial<Actor> = {}): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001' as UserId,
  orgId: '00000000-0000-4000-8000-000000000002' as OrgId,
  orgKind,
  role: 'analyst',
  clearance: 'none',
  orgSectors: [],
  authority: null,
  competentSectors: [],
  operatesForOrgIds: [],
  via: 'session',
  ...over,
});

describe('which home each organisation kind gets', () => {
  it('maps every kind to one of the four audiences', () => {
    expect(audienceOf(actor('national_hub'))).toBe('national');
    for (const k of ['ministry', 'police', 'regulator'] as const) expect(audienceOf(actor(k))).toBe('ministry');
    for (const k of ['operator', 'vendor', 'sme'] as const) expect(audienceOf(actor(k))).toBe('company');
    expect(audienceOf(actor('isac'))).toBe('isac');
  });

  it('keeps only the tiles platform/policy allows: police and regulators get no sector exposure figure', () => {
    expect(tilesFor(actor('national_hub'))).toEqual(['incidents', 'overdue', 'exposure', 'warnings', 'alerts', 'supplyChain']);
    expect(tilesFor(actor('ministry', { competentSectors: ['finance'] }))).toEqual(['incidents', 'overdue', 'exposure', 'warnings', 'alerts']);
    expect(tilesFor(actor('police'))).toEqual(['incidents', 'overdue', 'warnings', 'alerts']);
    expect(tilesFor(actor('regulator', { role: 'viewer' }))).toEqual(['incidents', 'overdue', 'warnings', 'alerts']);
    expect(tilesFor(actor('vendor', { role: 'viewer' }))).toEqual(['notifications', 'incidents', 'overdue', 'suppliers', 'alerts']);
    expect(tilesFor(actor('isac'))).toEqual(['community', 'alerts']);
  });
});
