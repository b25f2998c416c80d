/**
 * Each workflow definition, as CDK and the local engine load it: valid ASL once its placeholders
 * are filled, JSONPath only (the local engine cannot run JSONata or Assign), unique Task names,
 * a timeout, and on every Task a retry with back-off and a catch or an enclosing catch.
 */

import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import { substitute, workflowDefinitions, workflowSubstitutions } from '../../workflows/index.ts';

type State = Record<string, unknown> & { Type: string };

function allStates(states: Record<string, State>, path: string[] = []): { name: string; state: State; path: string[] }[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = state.Type === 'Map' ? allStates((state['ItemProcessor'] as { States: Record<string, State> }).States, [...path, name]) : [];
    return [{ name, state, path }, ...nested];
  });
}

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:MissionProtectionReporting-${name}`;

describe.each(workflowDefinitions().map((workflow) => [workflow.name, workflow] as const))('workflow %s', (_name, workflow) => {
  const definition = JSON.parse(
    substitute(
      workflow.template,
      workflowSubstitutions((spec) => arnOf(spec.name)),
    ),
  ) as { States: Record<string, State>; TimeoutSeconds?: number; QueryLanguage?: string };
  const states = allStates(definition.States);

  it('is valid ASL once its placeholders are filled', () => {
    const result = validator(definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('uses JSONPath only, with no Assign', () => {
    expect(workflow.template).not.toMatch(/"QueryLanguage"\s*:\s*"JSONata"|"Assign"\s*:/);
  });

  it('names each state once across the whole definition (the local engine routes Tasks by name)', () => {
    const names = states.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has an execution timeout', () => {
    expect(definition.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('invokes registry functions only, each Task retried with back-off and caught', () => {
    const arns = new Set(allFunctions.map((spec) => arnOf(spec.name)));
    for (const { name, state, path } of states.filter((entry) => entry.state.Type === 'Task')) {
      expect(arns.has(String(state['Resource'])), name).toBe(true);
      const retries = state['Retry'] as { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }[] | undefined;
      expect(
        retries?.some((retry) => retry.ErrorEquals.includes('States.TaskFailed') && (retry.BackoffRate ?? 1) > 1),
        name,
      ).toBe(true);
      // Lambda refusing an invocation (the function never ran) has its own retrier, so that it
      // does not use up the attempts kept for the function's own failures.
      expect(
        retries?.some((retry) => retry.ErrorEquals.includes('Lambda.ServiceException') && retry.ErrorEquals.includes('Lambda.TooManyRequestsException')),
        name,
      ).toBe(true);
      const caught = state['Catch'] !== undefined || path.some((parent) => definition.States[parent]?.['Catch'] !== undefined);
      expect(caught, `${name} has no Catch, nor an enclosing state with one`).toBe(true);
    }
  });
});
