import { fillText, type Lang } from '../../platform/i18n/messages.js';

/**
 * The registry's own texts (CSV import, identifier problems), Japanese first. They stay here rather than
 * in platform/i18n because they name this capability's columns and values.
 */
const TEXTS = {
  csv_unreadable: {
    ja: 'CSV として読み取れません（{line} 行目付近）。引用符（"）の閉じ忘れがないか確認してください。',
    en: 'The file cannot be read as CSV (near line {line}). Check for an unclosed quote (").',
  },
  encoding_unreadable: {
    ja: 'ファイルの文字コードを判別できません。UTF-8 で保存し直してください（Excel では「CSV UTF-8（コンマ区切り）」を選んで保存します）。',
    en: 'The file’s character encoding cannot be read. Save it again as UTF-8 (in Excel, choose “CSV UTF-8 (Comma delimited)”).',
  },
  header_missing: { ja: 'ヘッダー行（列名の行）がありません。', en: 'The header row is missing.' },
  unknown_columns: { ja: '不明な列があります: {columns}（使える列: {allowed}）', en: 'Unknown column(s): {columns} (columns: {allowed})' },
  missing_columns: { ja: '必須の列がありません: {columns}', en: 'Required column(s) missing: {columns}' },
  duplicate_columns: { ja: '同じ列名が複数あります: {columns}', en: 'Column(s) given twice: {columns}' },
  column_count: {
    ja: 'この行は {cells} 列ですが、ヘッダー行は {header} 列です。区切りのカンマ（,）の数を確認してください。',
    en: 'This row has {cells} columns where the header has {header}. Check the commas.',
  },
  duplicate_name: { ja: '{line} 行目と同じ名前です。', en: 'Same name as line {line}.' },
  enum_invalid: { ja: '「{value}」は使えません。次のいずれかを記入してください: {values}', en: '“{value}” is not accepted. Use one of: {values}' },
  enum_required: { ja: '必須です。次のいずれかを記入してください: {values}', en: 'Required. Use one of: {values}' },
  boolean_invalid: {
    ja: '「{value}」は使えません。該当する場合は {yes}、該当しない場合は {no} のいずれかを記入してください（空欄は該当しない）。',
    en: '“{value}” is not accepted. Write {yes} if designated, {no} if not (empty means not).',
  },
  operator_unknown: { ja: '運用委託先のベンダー組織が見つかりません: {ref}', en: 'No vendor organisation {ref}' },
  cpe_components: {
    ja: 'CPE 2.3 の要素数が正しくありません（{count} 個）。cpe:2.3:part:vendor:product:version:… の形で 3〜11 個の要素を記入してください。',
    en: 'A CPE 2.3 name has 3 to 11 components (cpe:2.3:part:vendor:product:version:…); this one has {count}.',
  },
  cpe22_components: { ja: 'CPE 2.2（cpe:/…）の要素は 7 個までです。', en: 'A CPE 2.2 URI (cpe:/…) has at most 7 components.' },
  cpe_part: {
    ja: 'CPE の part「{part}」は使えません。a（アプリケーション）・o（OS）・h（ハードウェア）のいずれかです。',
    en: 'CPE part “{part}” is not accepted: use a (application), o (operating system) or h (hardware).',
  },
  cpe_encoding: { ja: 'CPE のパーセントエンコーディング（%xx）が正しくありません。', en: 'The CPE’s percent-encoding (%xx) is wrong.' },
  cpe_no_product: {
    ja: 'この CPE は製品を特定していません。vendor と product には * や - ではなく名前を記入してください。',
    en: 'This CPE names no single product: vendor and product must be names, not * or -.',
  },
  cpe_unreadable: { ja: 'CPE として読み取れません。cpe:2.3:part:vendor:product:version:… の形で記入してください。', en: 'Not a readable CPE ({detail}). Use cpe:2.3:part:vendor:product:version:…' },
  purl_missing: { ja: 'package URL に {component} がありません。pkg:type/namespace/name@version の形で記入してください。', en: 'The package URL has no {component}. Use pkg:type/namespace/name@version.' },
  purl_type_needs: {
    ja: 'type が {type} の package URL には {component} が必要です（例: pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1）。',
    en: 'A {type} package URL needs a {component} (e.g. pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1).',
  },
  purl_encoding: { ja: 'package URL の {component} のパーセントエンコーディング（%xx）が正しくありません。', en: 'The package URL’s {component} has wrong percent-encoding (%xx).' },
  purl_unreadable: { ja: 'package URL として読み取れません。pkg:type/namespace/name@version の形で記入してください。', en: 'Not a readable package URL ({detail}). Use pkg:type/namespace/name@version.' },
} satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXTS;

/** One of the registry's texts in the caller's language, with `{name}` placeholders filled. */
export function text(key: TextKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return fillText(TEXTS[key][lang], lang, params);
}

/** Values of the CSV's enum columns in plain words: the value to write, then what it means. */
const VALUE_LABELS: Record<string, Record<string, Record<Lang, string>>> = {
  category: {
    vpn_gateway: { ja: 'VPN 装置', en: 'VPN gateway' },
    firewall: { ja: 'ファイアウォール', en: 'firewall' },
    authentication_server: { ja: '認証サーバ', en: 'authentication server' },
    cloud_service: { ja: 'クラウドサービス', en: 'cloud service' },
    ot_controller: { ja: '制御機器（OT）', en: 'OT controller' },
    server: { ja: 'サーバ', en: 'server' },
    network_device: { ja: 'ネットワーク機器', en: 'network device' },
    software_component: { ja: 'ソフトウェア部品', en: 'software component' },
    other: { ja: 'その他', en: 'other' },
  },
  placement: {
    internet_facing: { ja: 'インターネット公開', en: 'internet-facing' },
    internal: { ja: '内部ネットワーク', en: 'internal network' },
    ot: { ja: '制御系（OT）ネットワーク', en: 'OT network' },
  },
  criticality: {
    low: { ja: '低', en: 'low' },
    medium: { ja: '中', en: 'medium' },
    high: { ja: '高', en: 'high' },
    critical: { ja: '最重要', en: 'critical' },
  },
};

/** "vpn_gateway（VPN 装置）、firewall（ファイアウォール）…" for a column's accepted values. */
export function acceptedValues(column: string, values: readonly unknown[], lang: Lang): string {
  const labels = VALUE_LABELS[column] ?? {};
  return values
    .map((v) => {
      const label = labels[String(v)]?.[lang];
      return label ? (lang === 'ja' ? `${String(v)}（${label}）` : `${String(v)} (${label})`) : String(v);
    })
    .join(lang === 'ja' ? '、' : ', ');
}
