import { useState } from 'react';
import { type DraftContent, type FormState, type SharingState, toDraftContent } from './model';

/**
 * The form and sharing choices being edited, each edit handed to autosave as the draft's whole
 * content (what `initial` carries besides them — the Idempotency-Key, the stage — goes along). The
 * new-report and the stage editors both work this way.
 */
export function useEditedReport(initial: DraftContent, changed: (content: Record<string, unknown>) => void) {
  const [form, setForm] = useState<FormState>(initial.form);
  const [sharing, setSharing] = useState<SharingState>(initial.sharing);
  const content = (f: FormState, s: SharingState) => toDraftContent({ ...initial, form: f, sharing: s });
  return {
    form,
    sharing,
    editForm(next: FormState) {
      setForm(next);
      changed(content(next, sharing));
    },
    editSharing(next: SharingState) {
      setSharing(next);
      changed(content(form, next));
    },
    /** Both at once (a file loaded into the form). */
    replace(nextForm: FormState, nextSharing: SharingState) {
      setForm(nextForm);
      setSharing(nextSharing);
      changed(content(nextForm, nextSharing));
    },
  };
}
