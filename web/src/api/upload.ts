import i18n from '../i18n';
import { ApiError, failure, requestHeaders, type ApiOptions } from './client';

/** Where a long request stands: the body on its way (bytes sent of all), then the server at work. */
export type UploadPhase = { phase: 'sending'; loaded: number; total: number } | { phase: 'processing' };
export type UploadListener = (phase: UploadPhase) => void;

export type UploadOptions = ApiOptions & { contentType: string; onProgress?: UploadListener };

/**
 * `api('POST', …)` for a file's content, over XMLHttpRequest because fetch cannot report how much of
 * a body has been sent. Same headers (language, CSRF), same session cookie (a same-origin XHR sends
 * it, as fetch's credentials: 'same-origin' does) and the same errors.
 */
export function upload<T>(path: string, body: string, options: UploadOptions): Promise<T> {
  // UTF-8 bytes, so the total is what goes over the wire rather than a count of characters.
  const bytes = new Blob([body]);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(requestHeaders('POST', true, options))) xhr.setRequestHeader(name, value);
    const report = options.onProgress;
    if (report) {
      // Listeners go on before send(): the browser only tracks upload progress when someone listens.
      xhr.upload.onprogress = (e) => report({ phase: 'sending', loaded: e.loaded, total: e.lengthComputable ? e.total : bytes.size });
      xhr.upload.onload = () => report({ phase: 'processing' });
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('errors.network')));
    xhr.onabort = () => reject(new ApiError(0, 'network', i18n.t('errors.network')));
    xhr.onload = () => {
      if (xhr.status === 204) return resolve(undefined as T);
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
      else reject(failure(xhr.status, payload));
    };
    report?.({ phase: 'sending', loaded: 0, total: bytes.size });
    xhr.send(bytes);
  });
}
