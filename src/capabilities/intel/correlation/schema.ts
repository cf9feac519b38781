import { z } from 'zod';

/** `kind` is a platform kind or `hash:<algo>`; left out, it is guessed from the value. */
export const ObservableQuery = z.object({
  kind: z.string().regex(/^(ipv4|ipv6|domain|url|email|md5|sha1|sha256|sha512|hash:[a-z0-9-]{1,40})$/i).optional(),
  value: z.string().trim().min(1).max(4096),
});

export const WarningListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
