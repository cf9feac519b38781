type Option = { value: string; label: string };

type Props = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** Shown first with an empty value ("choose…", "any"); absent = a value is always selected. */
  placeholder?: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  requiredMark?: string;
};

/** A labelled select whose hint and error are tied to it, like TextField. */
export function SelectField({ id, label, value, onChange, options, placeholder, hint, error, required, requiredMark }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {requiredMark && <span className="required-mark">{requiredMark}</span>}
      </label>
      {hint && <p id={hintId} className="field-hint">{hint}</p>}
      {error && <p id={errorId} className="field-error">{error}</p>}
      <select id={id} value={value} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}
