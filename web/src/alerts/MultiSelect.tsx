type Option = { value: string; label: string };

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  values: readonly string[];
  onChange: (values: string[]) => void;
  options: readonly Option[];
};

/** A labelled native multiple select: keyboard and screen-reader behaviour come with the element. */
export function MultiSelect({ id, label, hint, error, values, onChange, options }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && <p id={hintId} className="field-hint">{hint}</p>}
      {error && <p id={errorId} className="field-error">{error}</p>}
      <select
        id={id}
        multiple
        value={[...values]}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}
