import type { Db } from '../../../platform/db/database.js';
import { emit, type NewEvent } from '../../../platform/events/outbox.js';
import type { OrgId } from '../../../platform/identity/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { CLEARANCE_RANK, TLP_RANK, type Actor, type Clearance, type Marking, type Tlp } from '../../../platform/policy/types.js';
import { recordSightings, type Sighting } from '../correlation/index.js';
import { versionKey, type StixObject } from '../stix/classify.js';
import { observablesOf, type StixObservable } from '../stix/observables.js';
import { validateStixObject, type StixIssue } from '../stix/validate.js';
import { issue, say } from '../stix/messages.js';
import { UNKNOWN_MARKING_TLP, entryMarking, higherTlp, markingDefinitionEffect, otherMarkingRefs, tlpOfObject, type CollectionRow } from './marking.js';
import { storeRepository as repo, type ObjectRow, type StoredRanks } from './repository.js';
import { withholdingRefs } from './references.js';

/**
 * Accepting STIX objects into a collection: each object validated on its own (a bad one never sinks
 * the others), versions stored once, the collection's stream extended, observables handed to
 * correlation, an audit entry and events — all in one transaction, with a fixed number of statements
 * however many objects arrive.
 */

export interface Accepted {
  index: number;
  id: string;
  /** The version key (modified, created for marking definitions, '' for SCOs). */
  version: string;
  /** When it entered the collection; null when that version was already there. */
  dateAdded: string | null;
  /** The marking in force of the entry it became (object, collection floor and required clearance); null when not added. */
  marking: { tlp: Tlp; clearance: Clearance } | null;
}
export interface Rejected {
  index: number;
  id?: string;
  errors: StixIssue[];
}
export interface IngestOutcome {
  accepted: Accepted[];
  rejected: Rejected[];
  /** Observables of the accepted objects (for where-seen), and the ids they came from. */
  observables: StixObservable[];
  sourceIds: string[];
}
export interface IngestOptions {
  clearance: Clearance;
  /** May correlation name this organisation as a reporter of these observables. */
  nameReporter: boolean;
}

interface Candidate {
  index: number;
  obj: StixObject;
  row: ObjectRow;
  tlp: Tlp;
  observables: StixObservable[];
}

const lowered = (stored: Tlp) => issue('object_marking_refs', say.markingLowered(stored));
const clearanceLowered = (stored: Clearance) => issue('clearance', say.clearanceLowered(stored));
const CLEARANCE_BY_RANK = Object.fromEntries(Object.entries(CLEARANCE_RANK).map(([c, r]) => [r, c as Clearance])) as Record<number, Clearance>;
const TLP_BY_RANK = Object.fromEntries(Object.entries(TLP_RANK).map(([t, r]) => [r, t as Tlp])) as Record<number, Tlp>;

/** Validates and shapes objects; no database. Exported for the benchmark's validation-only figure. */
export function prepare(objects: readonly unknown[]): { candidates: Candidate[]; rejected: Rejected[] } {
  const candidates: Candidate[] = [];
  const rejected: Rejected[] = [];
  objects.forEach((raw, index) => {
    const v = validateStixObject(raw);
    if (!v.ok) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
      rejected.push(id === undefined ? { index, errors: v.errors } : { index, id, errors: v.errors });
      return;
    }
    const obj = v.object;
    const key = versionKey(obj);
    const tlp = tlpOfObject(obj);
    const str = (name: string) => (typeof obj[name] === 'string' ? (obj[name] as string) : null);
    candidates.push({
      index,
      obj,
      tlp,
      observables: observablesOf(obj),
      row: {
        id: obj.id,
        version: key.version ?? '',
        versionAt: key.version,
        type: obj.type,
        specVersion: str('spec_version') ?? '2.1',
        name: str('name') ?? str('value'),
        relationshipType: obj.type === 'relationship' ? str('relationship_type') : null,
        sourceRef: obj.type === 'relationship' ? str('source_ref') : obj.type === 'sighting' ? str('sighting_of_ref') : null,
        targetRef: obj.type === 'relationship' ? str('target_ref') : null,
        body: JSON.stringify(obj),
        tlp,
        refs: withholdingRefs(obj),
      },
    });
  });
  return { candidates, rejected };
}

/**
 * Refuses versions that would lower an object's marking — its own TLP, or the clearance its contributor
 * required — below one already stored or earlier in the batch (a re-share of a stored version included);
 * and versions (re-shared or new) whose marking in force here (raised to `floor`) is below that of an
 * entry already holding the object: a GREEN object held AMBER+STRICT by an ISAC's collection stays out of
 * the national one. Only versions and entries the poster may see count (`stored`, from
 * repo.storedRanks), so the refusal (which names the level) is no oracle for what is hidden from it.
 */
function refuseLowering(stored: Map<string, StoredRanks>, floor: Marking, candidates: Candidate[], rejected: Rejected[], clearance: Clearance): Candidate[] {
  const ordered = [...candidates].sort((a, b) => (a.row.versionAt ?? '').localeCompare(b.row.versionAt ?? ''));
  const kept = new Set<Candidate>();
  const asked = CLEARANCE_RANK[clearance];
  const clearanceHere = Math.max(asked, CLEARANCE_RANK[floor.clearance]);
  for (const c of ordered) {
    const max = stored.get(c.row.id) ?? { versions: new Set<string>(), othersObject: false, tlp: -1, clearance: -1, entryTlp: -1, entryClearance: -1 };
    // A new version of another organisation's object: STIX 2.1 §3.6 lets only its creator version it,
    // and readers would take it for the creator's latest (a member "updated" a bank's indicator to 8.8.8.8).
    if (max.othersObject && !max.versions.has(c.row.version)) {
      rejected.push({ index: c.index, id: c.row.id, errors: [issue('modified', say.othersObject())] });
      continue;
    }
    const tlpHere = Math.max(TLP_RANK[c.tlp], TLP_RANK[floor.tlp]);
    const tlpAbove = Math.max(TLP_RANK[c.tlp] < max.tlp ? max.tlp : -1, tlpHere < max.entryTlp ? max.entryTlp : -1);
    const clearanceAbove = Math.max(asked < max.clearance ? max.clearance : -1, clearanceHere < max.entryClearance ? max.entryClearance : -1);
    const errors = [
      ...(tlpAbove >= 0 ? [lowered(TLP_BY_RANK[tlpAbove]!)] : []),
      ...(clearanceAbove >= 0 ? [clearanceLowered(CLEARANCE_BY_RANK[clearanceAbove]!)] : []),
    ];
    if (errors.length) {
      rejected.push({ index: c.index, id: c.row.id, errors });
      continue;
    }
    stored.set(c.row.id, { ...max, tlp: Math.max(max.tlp, TLP_RANK[c.tlp]), clearance: Math.max(max.clearance, asked) });
    kept.add(c);
  }
  return candidates.filter((c) => kept.has(c));
}

/**
 * Stores `objects` into `collection` for `actor`, inside `trx`. The caller has authorised the write
 * (intel_collection create) and owns the transaction.
 */
export async function ingestInto(
  platform: Platform,
  trx: Db,
  actor: Actor,
  collection: CollectionRow,
  floor: Marking,
  objects: readonly unknown[],
  options: IngestOptions,
  prepared = prepare(objects),
): Promise<IngestOutcome> {
  const { rejected } = prepared;
  await applyOtherMarkings(trx, prepared.candidates);
  const known = await repo.storedRanks(trx, actor, [...new Set(prepared.candidates.map((c) => c.row.id))]);
  const candidates = refuseLowering(known, floor, prepared.candidates, rejected, options.clearance);
  // One marking per TLP (everything else is the collection's and the contributor's).
  const markingFor = new Map<Tlp, Marking>();
  const mark = (tlp: Tlp) => markingFor.get(tlp) ?? markingFor.set(tlp, entryMarking(floor, tlp, actor, options.clearance)).get(tlp)!;
  const fresh = dedupe(candidates);

  const stored = await repo.insertObjects(trx, fresh.map((c) => ({ ...c.row, requestedClearance: options.clearance })));
  const seenAt = new Date();
  // Sightings come from versions this ingest stored, and from one kind of repeat: an SCO (unversioned,
  // its id derived from its value) whose stored version the poster may see — two organisations sending
  // the same address are two reporters of it (recordSightings' `repeat`: only observables already tied
  // to that source). Any other repeat adds nothing: re-sharing another's indicator is a copy, not a
  // sighting (three re-shares of a national indicator fired an early warning), and a version hidden
  // from the poster must not answer its guesses (a repeat naming 256 addresses was recorded for the one
  // the hidden indicator held).
  const sightings: Sighting[] = [];
  for (const c of fresh) {
    if (c.observables.length === 0) continue;
    const isNew = stored.has(`${c.row.id}\u0000${c.row.version}`);
    if (!isNew && !(c.row.version === '' && (known.get(c.row.id)?.versions.has('') ?? false))) continue;
    sightings.push({
      sourceId: c.row.id, observables: c.observables, canonical: true, reporterOrgId: actor.orgId as OrgId, reporterSectors: [...actor.orgSectors],
      nameReporter: options.nameReporter, marking: mark(c.tlp), seenAt, repeat: !isNew,
    });
  }
  if (sightings.length) await recordSightings(trx, sightings);

  const base = mark('clear');
  const added = await repo.insertEntries(
    trx,
    collection.id,
    // A repeat is served with the stored body when the poster may see that version; when it may not
    // (an SCO someone holds at RED: same value, same id), the entry keeps the poster's own body, which
    // is all the poster told and all its readers learn.
    fresh.map((c) => {
      const copyStored = !stored.has(`${c.row.id}\u0000${c.row.version}`) && (known.get(c.row.id)?.versions.has(c.row.version) ?? false);
      const { tlp, clearance } = mark(c.tlp);
      return { ...c.row, tlp, clearance, body: copyStored ? null : c.row.body };
    }),
    base,
  );
  const addedAt = new Map(added.map((a) => [`${a.object_id}\u0000${a.version}`, a.date_added]));
  const accepted = candidates.map((c): Accepted => {
    const dateAdded = addedAt.get(`${c.row.id}\u0000${c.row.version}`) ?? null;
    const { tlp, clearance } = mark(c.tlp);
    return { index: c.index, id: c.row.id, version: c.row.version, dateAdded, marking: dateAdded === null ? null : { tlp, clearance } };
  });

  await platform.audit.inTransaction(trx, [
    { actor, action: 'intel.objects.add', resourceType: 'stix_collection', resourceId: collection.id, detail: { accepted: accepted.length, added: added.length, rejected: rejected.length } },
  ]);
  await emit(trx, addedEvents(collection.id, fresh.filter((c) => addedAt.has(`${c.row.id}\u0000${c.row.version}`)), mark));
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, rejected, observables: uniqueObservables(fresh), sourceIds: [...new Set(fresh.map((c) => c.row.id))] };
}

/**
 * Markings other than the standard TLP ids raise an object's TLP by what they stand for: the marking
 * definition is looked up in the same batch, else in the store (markingDefinitionEffect). One that
 * cannot be found — a misspelt TLP:RED id, a community's scheme never published here — was read as
 * GREEN, so a TLP:RED typo in the national collection reached every member; it is taken as
 * UNKNOWN_MARKING_TLP instead. Statements (copyright, terms) restrict nobody. One query, and only when
 * some object carries such a marking.
 */
async function applyOtherMarkings(q: Db, candidates: Candidate[]): Promise<void> {
  const wanted = new Map<Candidate, string[]>();
  for (const c of candidates) {
    const refs = otherMarkingRefs(c.obj);
    if (refs.length) wanted.set(c, refs);
  }
  if (wanted.size === 0) return;
  const defs = new Map<string, Record<string, unknown>>();
  for (const c of candidates) if (c.obj.type === 'marking-definition') defs.set(c.obj.id, c.obj);
  const missing = [...new Set([...wanted.values()].flat())].filter((id) => !defs.has(id));
  for (const row of await repo.markingDefinitions(q, missing)) defs.set(row.id, JSON.parse(row.body) as Record<string, unknown>);
  for (const [c, refs] of wanted) {
    let tlp = c.tlp;
    for (const ref of refs) {
      const def = defs.get(ref);
      const effect = def ? markingDefinitionEffect(def) : { tlp: UNKNOWN_MARKING_TLP };
      if (effect !== 'statement') tlp = higherTlp(tlp, effect.tlp);
    }
    c.tlp = tlp;
    c.row.tlp = tlp;
  }
}

/** A repeat of id+version inside one batch is the same version: the first one counts. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const k = `${c.row.id}\u0000${c.row.version}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function uniqueObservables(candidates: Candidate[]): StixObservable[] {
  const seen = new Map<string, StixObservable>();
  for (const c of candidates) for (const o of c.observables) if (!seen.has(`${o.kind}\u0000${o.value}`)) seen.set(`${o.kind}\u0000${o.value}`, o);
  return [...seen.values()];
}

/**
 * One `intel.object.added` per marking, carrying that marking as its visibility (SSE filters on it).
 * Objects that reference others are counted but not named: the event's marking is theirs alone, and
 * a reader of it may be one they are withheld from because of what they reference (references.ts).
 */
function addedEvents(collectionId: string, added: Candidate[], mark: (t: Tlp) => Marking): NewEvent[] {
  const byTlp = new Map<Tlp, { count: number; ids: string[] }>();
  for (const c of added) {
    const group = byTlp.get(c.tlp) ?? byTlp.set(c.tlp, { count: 0, ids: [] }).get(c.tlp)!;
    group.count += 1;
    if (c.row.refs.length === 0) group.ids.push(c.row.id);
  }
  return [...byTlp].map(([tlp, { count, ids }]) => ({
    type: 'intel.object.added',
    payload: { collectionId, count, ids: ids.slice(0, 100) },
    visibility: mark(tlp),
  }));
}
