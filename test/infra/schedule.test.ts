import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import type { SynthesizedStack } from './support.ts';
import { sharedStack, synthTimeout } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

describe('scheduled functions', () => {
  it('invokes every function with a schedule trigger at its interval', () => {
    const scheduled = allFunctions.flatMap((spec) => spec.triggers.flatMap((trigger) => (trigger.kind === 'schedule' ? [{ spec, trigger }] : [])));
    expect(scheduled.length).toBeGreaterThan(0);
    const rules = stack.ofType('AWS::Events::Rule').filter(([, rule]) => typeof rule.Properties['ScheduleExpression'] === 'string');
    for (const { spec, trigger } of scheduled) {
      const functionId = stack.ofType('AWS::Lambda::Function').find(([, fn]) => fn.Properties['FunctionName'] === `${stack.stackName}-${spec.name}`)?.[0];
      const rule = rules.find(([, candidate]) => JSON.stringify(candidate.Properties['Targets']).includes(functionId!));
      expect(rule?.[1].Properties['ScheduleExpression'], spec.name).toBe(`rate(${trigger.everyMinutes} minutes)`);
    }
  });
});
