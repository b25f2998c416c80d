/**
 * Workflow task handlers: the state machine's input to the task is parsed with the task's own
 * schema, so a definition that passes the wrong shape fails at once with the field named, as a
 * non-retryable `InvalidTaskInput` error the workflow's Catch records. Every task is observed
 * (observability.ts) under its registry name.
 */
import middy from '@middy/core';
import type * as z from 'zod/mini';
// zod's English messages, which a refused input is reported with.
import '../core/zod-messages.ts';
import { observability } from './observability.ts';

export class InvalidTaskInput extends Error {
  override readonly name = 'InvalidTaskInput';
}

export function workflowTask<S extends z.ZodMiniType, R>(spec: { readonly name: string }, schema: S, run: (input: z.infer<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability(spec).middlewares)
    .handler(async (event) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new InvalidTaskInput(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; '));
      }
      return run(parsed.data);
    });
}
