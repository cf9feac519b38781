import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { safeParse, type $ZodType } from 'zod/v4/core';

/** A zod issue travelling inside Fastify's validation error, localized later by the error handler. */
export interface ZodValidationItem {
  zodIssue: z.core.$ZodIssue;
  message: string;
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Parses requests with zod. The issues keep their input (reportInput) so the error handler can word
 * them in the caller's language; the input itself never reaches the response.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (result.success) return { value: result.data };
    const items: ZodValidationItem[] = result.error.issues.map((issue) => ({
      zodIssue: issue as z.core.$ZodIssue,
      message: issue.message,
      instancePath: `/${issue.path.join('/')}`,
      schemaPath: `#/${issue.code}`,
      keyword: issue.code,
      params: {},
    }));
    return { error: items as unknown as Error };
  };

export function isZodValidationItems(value: unknown): value is ZodValidationItem[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null && 'zodIssue' in value[0];
}
