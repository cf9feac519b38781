import { z } from 'zod';
import { SEVERITIES } from '../alerts/schema.js';

export const INJECT_KINDS = ['alert', 'incident', 'advisory'] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];

/** One timed inject: what the participants receive, `offsetSeconds` after the exercise starts. */
export const Inject = z.object({
  offsetSeconds: z.number().int().min(0).max(7 * 24 * 3600),
  kind: z.enum(INJECT_KINDS),
  severity: z.enum(SEVERITIES).default('Severe'),
  headline: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(10_000),
  instruction: z.string().trim().max(10_000).optional(),
  headlineEn: z.string().trim().max(300).optional(),
});
export type Inject = z.infer<typeof Inject>;

/** POST /api/exercises: a named scenario and who takes part. */
export const CreateExercise = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  participants: z.array(z.uuid()).min(1).max(200),
  injects: z.array(Inject).min(1).max(100),
});
export type CreateExercise = z.infer<typeof CreateExercise>;

/** A participant's answer: acknowledging an advisory inject, or the synthetic report an incident inject asks for. */
export const Respond = z.object({
  note: z.string().trim().max(2000).optional(),
  report: z.object({ summary: z.string().trim().min(1).max(10_000), impact: z.string().trim().max(2000).optional() }).optional(),
});
export type Respond = z.infer<typeof Respond>;
