import { useTranslation } from 'react-i18next';

export type ProductRow = { cpe: string; purl: string; versions: string };

type Props = { rows: ProductRow[]; onChange: (rows: ProductRow[]) => void; error: (path: string) => string | undefined };

/** The affected products of a manual advisory: each a CPE or package URL, with an optional version range. */
export function ProductRows({ rows, onChange, error }: Props) {
  const { t } = useTranslation();
  const update = (i: number, key: keyof ProductRow, value: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const listError = error('products');

  return (
    <fieldset className="form-section">
      <legend>{t('advisories.manual.products')}</legend>
      <p className="field-hint">{t('advisories.manual.productsHint')}</p>
      {listError && <p className="field-error">{listError}</p>}
      {rows.map((r, i) => {
        const n = i + 1;
        const rowError = error(`products[${i}].cpe`) ?? error(`products[${i}]`) ?? error(`products[${i}].purl`) ?? error(`products[${i}].versions`);
        return (
          <div key={i} className="product-row">
            {rowError && <p className="field-error" id={`mp-${i}-error`}>{rowError}</p>}
            <div className="field-row">
              {(['cpe', 'purl', 'versions'] as const).map((key) => (
                <div key={key} className="field">
                  <label htmlFor={`mp-${i}-${key}`}>{t('advisories.manual.productPart', { what: t(`advisories.manual.${key}`), n })}</label>
                  <input
                    id={`mp-${i}-${key}`}
                    value={r[key]}
                    maxLength={key === 'versions' ? 500 : 1000}
                    aria-invalid={rowError ? true : undefined}
                    aria-describedby={rowError ? `mp-${i}-error` : undefined}
                    onChange={(e) => update(i, key, e.target.value)}
                  />
                </div>
              ))}
            </div>
            {rows.length > 1 && (
              <button type="button" className="button button-small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                {t('advisories.manual.removeProduct', { n })}
              </button>
            )}
          </div>
        );
      })}
      <button type="button" className="button" onClick={() => onChange([...rows, { cpe: '', purl: '', versions: '' }])}>
        {t('advisories.manual.addProduct')}
      </button>
    </fieldset>
  );
}
