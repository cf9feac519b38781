import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The element id of the control for a server-style path, so error summaries can link to it. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

type Common = {
  path: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
};

type ControlProps = {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
};

/** Label, hint and error tied to one control, so a screen reader announces them together. */
function Field({ path, label, hint, error, required, children }: Common & { children: (props: ControlProps) => ReactNode }) {
  const { t } = useTranslation();
  const id = fieldId(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <> <span className="required-mark">{t('incidents.form.required')}</span></>}
      </label>
      {hint && <p id={hintId} className="field-hint">{hint}</p>}
      {error && <p id={errorId} className="field-error">{error}</p>}
      {children({
        id,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
        'aria-invalid': error ? true : undefined,
        'aria-required': required ? true : undefined,
      })}
    </div>
  );
}

type TextProps = Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'datetime-local';
  inputMode?: 'numeric' | 'decimal';
  autoComplete?: string;
  maxLength?: number;
  onBlur?: () => void;
};

export function TextInput({ value, onChange, type = 'text', inputMode, autoComplete, maxLength, onBlur, ...field }: TextProps) {
  return (
    <Field {...field}>
      {(props) => (
        <input
          {...props}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          maxLength={maxLength}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}

export function TextArea({ value, onChange, rows = 4, ...field }: Common & { value: string; onChange: (value: string) => void; rows?: number }) {
  return <Field {...field}>{(props) => <textarea {...props} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

export function SelectInput<T extends string>({
  value,
  onChange,
  options,
  placeholder,
  ...field
}: Common & { value: T | ''; onChange: (value: T | '') => void; options: readonly { value: T; label: string }[]; placeholder?: string }) {
  return (
    <Field {...field}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({ path, label, hint, checked, onChange, disabled }: { path: string; label: ReactNode; hint?: ReactNode; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  const id = fieldId(path);
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>
        {label}
        {hint && (
          <span id={`${id}-hint`} className="field-hint check-hint">
            {hint}
          </span>
        )}
      </label>
    </div>
  );
}

/** A group of radio buttons: a fieldset whose legend is the question. */
export function RadioGroup<T extends string>({
  path,
  label,
  error,
  required,
  value,
  onChange,
  options,
}: Common & { value: T | ''; onChange: (value: T) => void; options: readonly { value: T; label: string }[] }) {
  const { t } = useTranslation();
  const id = fieldId(path);
  return (
    <fieldset className={error ? 'radio-group field-invalid' : 'radio-group'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {label}
        {required && <> <span className="required-mark">{t('incidents.form.required')}</span></>}
      </legend>
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      <div className="radio-row">
        {options.map((o, i) => (
          <label key={o.value} className="radio">
            {/* The first radio carries the field id, so an error summary link lands in the group. */}
            <input id={i === 0 ? id : undefined} type="radio" name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
