import type { FieldErrors, FormState } from './model';

/** Every block of the report form edits part of one FormState and shows the errors for its paths. */
export type SectionProps = {
  form: FormState;
  set: (patch: Partial<FormState>) => void;
  errors: FieldErrors;
};
