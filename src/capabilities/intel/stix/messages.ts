import type { ErrorObject } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';

/**
 * Why a STIX object was refused, in both languages the platform speaks: validation runs once, before
 * anyone knows who will read the result (a TAXII status is polled later), so each issue carries both
 * texts and the response picks by the caller's language (FieldError.messageJa, error-handler.ts).
 */
export type StixText = { en: string; ja: string };
export type Issue = { path: string; message: string; messageJa: string };

export function issue(path: string, text: StixText): Issue {
  return { path, message: text.en, messageJa: text.ja };
}

/** One issue at another path (an object's issues inside a bundle: `objects[3].created`). */
export function moved(i: Issue, path: string): Issue {
  return { path, message: i.message, messageJa: i.messageJa };
}

export const TIMESTAMP_EXAMPLE = '2016-05-12T08:17:27.000Z';

export const say = {
  required: (): StixText => ({ en: 'is required', ja: '必須です' }),
  bundleNotObject: (): StixText => ({ en: 'a bundle must be a JSON object', ja: 'バンドルは JSON オブジェクトでなければなりません' }),
  bundleType: (): StixText => ({ en: "must be 'bundle'", ja: "'bundle' でなければなりません" }),
  bundleId: (): StixText => ({ en: 'must be an identifier bundle--<UUID>', ja: 'bundle--<UUID> の形の識別子でなければなりません' }),
  objectList: (): StixText => ({ en: 'must be a list of STIX objects', ja: 'STIX オブジェクトのリストでなければなりません' }),
  notObject: (): StixText => ({ en: 'a STIX object must be a JSON object', ja: 'STIX オブジェクトは JSON オブジェクトでなければなりません' }),
  nulCharacter: (): StixText => ({ en: 'contains a NUL character (\\u0000), which cannot be stored', ja: 'NUL 文字（\\u0000）を含むため保存できません' }),
  tooDeep: (max: number): StixText => ({ en: `is nested more than ${max} levels deep`, ja: `入れ子が ${max} 段を超えています` }),
  typeRequired: (): StixText => ({ en: 'is required and must be a string', ja: '必須で、文字列でなければなりません' }),
  unknownType: (type: string): StixText => ({
    en: `'${type}' is not a STIX 2.1 type; custom types start with x- or are declared by a new-sdo, new-sco or new-sro extension`,
    ja: `'${type}' は STIX 2.1 の型ではありません。独自の型は x- で始めるか、new-sdo・new-sco・new-sro 拡張で宣言してください`,
  }),
  oneOfTypes: (types: string[]): StixText => ({
    en: `must be a${/^[aeiou]/.test(types[0] ?? '') ? 'n' : ''} ${types.join(' or ')}`,
    ja: `${types.join('・')} のいずれかの型でなければなりません`,
  }),
  oneOfValues: (values: string[]): StixText => ({ en: `must be one of ${values.join(', ')}`, ja: `${values.join('、')} のいずれかでなければなりません` }),
  notAllowedProperty: (): StixText => ({
    en: 'is not an allowed property name here (STIX names are 3–250 characters of a–z, 0–9 and _)',
    ja: 'ここでは使えないプロパティ名です（STIX の名前は a–z・0–9・_ の 3〜250 文字）',
  }),
  reservedNames: (): StixText => ({
    en: 'must not use the reserved property names severity, action, username or phone_numbers',
    ja: '予約されたプロパティ名 severity・action・username・phone_numbers は使えません',
  }),
  forbiddenCombination: (): StixText => ({ en: 'has a combination of properties the STIX schema forbids', ja: 'STIX スキーマが認めないプロパティの組み合わせです' }),
  forbiddenValue: (): StixText => ({ en: 'has a value the STIX schema forbids here', ja: 'ここでは STIX スキーマが認めない値です' }),
  timestamp: (): StixText => ({
    en: `must be an RFC 3339 timestamp in UTC, like ${TIMESTAMP_EXAMPLE}`,
    ja: `UTC の RFC 3339 タイムスタンプ（例: ${TIMESTAMP_EXAMPLE}）でなければなりません`,
  }),
  timestampMillis: (): StixText => ({
    en: `must be precise to at least the millisecond, like ${TIMESTAMP_EXAMPLE}`,
    ja: `少なくともミリ秒まで指定してください（例: ${TIMESTAMP_EXAMPLE}）`,
  }),
  notCalendarDate: (value: string): StixText => ({ en: `${value} is not a calendar date`, ja: `${value} は暦にない日付です` }),
  notTimeOfDay: (value: string): StixText => ({ en: `${value} is not a time of day`, ja: `${value} はありえない時刻です` }),
  identifier: (): StixText => ({ en: 'must be an identifier (<type>--<UUID>)', ja: '識別子（<type>--<UUID>）でなければなりません' }),
  identifierList: (): StixText => ({ en: 'must be a list of identifiers', ja: '識別子のリストでなければなりません' }),
  startsWith: (prefix: string): StixText => ({ en: `must start with '${prefix}'`, ja: `'${prefix}' で始まらなければなりません` }),
  matchPattern: (pattern: string): StixText => ({ en: `must match the pattern ${pattern}`, ja: `パターン ${pattern} に合わなければなりません` }),
  ipValue: (family: 'IPv4' | 'IPv6'): StixText => ({
    en: `must be an ${family} address or CIDR block, like ${family === 'IPv4' ? '192.0.2.1 or 192.0.2.0/24' : '2001:db8::1 or 2001:db8::/32'}`,
    ja: `${family} アドレスまたは CIDR（例: ${family === 'IPv4' ? '192.0.2.1、192.0.2.0/24' : '2001:db8::1、2001:db8::/32'}）でなければなりません`,
  }),
  othersObject: (): StixText => ({
    en: "is a new version of another organisation's object: only the organisation that shared it first may add versions (share your own object and relate it with derived-from)",
    ja: '他の組織が共有したオブジェクトの新しい版です。版を追加できるのは最初に共有した組織だけです（自組織のオブジェクトとして共有し、derived-from で関連付けてください）',
  }),
  patternObjectType: (objectType: string): StixText => ({
    en: `names the object type '${objectType}': object types are lower case (letters, digits and hyphens), so it could never match`,
    ja: `オブジェクト型 '${objectType}' を指定していますが、オブジェクト型は小文字（英字・数字・ハイフン）のため一致することがありません`,
  }),
  patternAddress: (objectType: string, value: string, family: 'IPv4' | 'IPv6'): StixText => ({
    en: `compares ${objectType}:value with '${value}', which is not an ${family} address or CIDR block, so it could never match`,
    ja: `${objectType}:value を '${value}' と比較していますが、${family} アドレス（または CIDR）ではないため一致することがありません`,
  }),
  specVersionRequired: (): StixText => ({ en: "is required and must be '2.1'", ja: "必須で、'2.1' でなければなりません" }),
  specVersion: (value: unknown): StixText => ({ en: `must be '2.1', not ${JSON.stringify(value)}`, ja: `${JSON.stringify(value)} ではなく '2.1' でなければなりません` }),
  laterThan: (earlier: string, value: string, mayEqual: boolean): StixText => ({
    en: `must be ${mayEqual ? 'later than or equal to' : 'later than'} ${earlier} (${value})`,
    ja: `${earlier}（${value}）${mayEqual ? '以降' : 'より後'}でなければなりません`,
  }),
  relatable: (kind: string): StixText => ({ en: `must refer to an SDO or SCO, not a ${kind}`, ja: `${kind} ではなく SDO か SCO を指さなければなりません` }),
  idRequired: (): StixText => ({ en: 'is required and must be an identifier', ja: '必須で、識別子でなければなりません' }),
  notIdentifier: (value: string): StixText => ({
    en: `${JSON.stringify(value)} is not an identifier (<type>--<RFC 4122 UUID>)`,
    ja: `${JSON.stringify(value)} は識別子（<type>--<RFC 4122 UUID>）ではありません`,
  }),
  idNamesOtherType: (named: string, type: string): StixText => ({
    en: `names type '${named}' but the object's type is '${type}'`,
    ja: `型 '${named}' を名乗っていますが、オブジェクトの型は '${type}' です`,
  }),
  scoUuidVersion: (version: string): StixText => ({
    en: `SCO identifiers should use a UUIDv5 (or v4), not v${version}`,
    ja: `SCO の識別子には v${version} ではなく UUIDv5（または v4）を使ってください`,
  }),
  // The parser's own detail (position, expected token) stays as it is: it quotes the pattern's syntax.
  // The parser's detail is English; Japanese readers get where it went wrong, not its wording.
  badPattern: (detail: string): StixText => {
    const at = /\bat (\d+)/.exec(detail);
    return { en: `is not a valid STIX pattern: ${detail}`, ja: at ? `STIX パターンとして正しくありません（${Number(at[1]) + 1} 文字目付近）` : 'STIX パターンとして正しくありません' };
  },
  markingLowered: (tlp: string): StixText => ({
    en: `a new version may not lower the marking: a stored version is TLP:${tlp.toUpperCase()} (markings are only ever raised)`,
    ja: `新しい版でマーキングを下げることはできません。保存済みの版は TLP:${tlp.toUpperCase()} です（マーキングは上げるだけです）`,
  }),
  clearanceLowered: (clearance: string): StixText => ({
    en: `a new version or re-share may not lower the clearance: a stored version requires ${clearance.toUpperCase()} (markings are only ever raised)`,
    ja: `新しい版や再共有でクリアランスを下げることはできません。保存済みの版は ${clearance.toUpperCase()} を求めています（マーキングは上げるだけです）`,
  }),
  collectionClearanceLowered: (): StixText => ({ en: 'a collection clearance can be raised, never lowered', ja: 'コレクションのクリアランスは上げられますが、下げられません' }),
};

// A CommonJS module whose typings declare an ES default export: required as what it is, one function.
const localizeJa = createRequire(import.meta.url)('ajv-i18n/localize/ja') as (errors: ErrorObject[]) => void;

/** Any other schema keyword (minimum, maxLength, format, …): Ajv's own text, and ajv-i18n's Japanese. */
export function schemaRuleText(e: ErrorObject): StixText {
  const ja = { ...e, message: undefined as string | undefined };
  localizeJa([ja as ErrorObject]);
  const en = e.message ?? `fails the schema's ${e.keyword} rule`;
  return { en, ja: ja.message ?? en };
}
