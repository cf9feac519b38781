import { useMemo, useState } from 'react';
import type { FieldError } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { type FieldErrors, type FormState, type SharingState, toReport } from './model';
import { validate } from './validate';

type ServerError = FieldError & { value: string };

/** The value a server-style path (`report.indicators[2].value`, `sharing.optionalRegimes[0]`) names. */
function valueAt(root: unknown, path: string): string {
  let v: unknown = root;
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (v === null || typeof v !== 'object') return 'undefined';
    v = (v as Record<string, unknown>)[key];
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * The errors to show while the user corrects the form. Nothing until the first attempt to send;
 * then the form's own checks follow every edit, and each server message stays until the value it
 * was about changes.
 */
export function useReportErrors(form: FormState, sharing: SharingState) {
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<ServerError[]>([]);
  const lang = currentLanguage();

  const errors = useMemo<FieldErrors>(() => {
    const out: FieldErrors = attempted ? validate(form) : {};
    if (server.length > 0) {
      const sent = { report: toReport(form), sharing };
      for (const e of server) if (!(e.path in out) && valueAt(sent, e.path) === e.value) out[e.path] = e.message;
    }
    return out;
    // `lang`: the messages are written in the current language.
  }, [attempted, server, form, sharing, lang]);

  return {
    errors,
    /** Before sending: runs the checks and says whether the form may be sent. */
    check(): boolean {
      setAttempted(true);
      setServer([]);
      return Object.keys(validate(form)).length === 0;
    },
    /** The server's 400: each message placed at its field, remembered with the value it refused. */
    fromServer(fields: FieldError[]) {
      const sent = { report: toReport(form), sharing };
      setServer(fields.map((f) => ({ ...f, value: valueAt(sent, f.path) })));
    },
  };
}
