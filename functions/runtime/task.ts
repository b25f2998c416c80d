/**
 * Workflow task handlers: the state machine's input to the task is parsed with the task's own
 * schema, so a definition that passes the wrong shape fails at once with the field named, as a
 * non-retryable `InvalidTaskInput` error the workflow's Catch records.
 */
import middy from '@middy/core';
import type { z } from 'zod';

export class InvalidTaskInput extends Error {
  override readonly name = 'InvalidTaskInput';
}

export function workflowTask<S extends z.ZodType, R>(schema: S, run: (input: z.infer<S>) => Promise<R>) {
  return middy<unknown, R>().handler(async (event) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw new InvalidTaskInput(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; '));
    }
    return run(parsed.data);
  });
}
