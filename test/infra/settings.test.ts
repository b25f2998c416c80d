import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../infra/settings.ts';
import { testApp } from './support.ts';

describe('stack settings', () => {
  it('are read from the mpr:* context, every key of the schema', () => {
    const { stack } = testApp();
    expect(Object.keys(stack.settings).sort()).toEqual(Object.keys(settingsSchema.shape).sort());
  });

  it.each([
    ['mpr:sesMaxSendRate', 'fast'],
    ['mpr:dispatchConcurrency', 0],
    ['mpr:senderAddress', 'not an address'],
  ])('refuse a bad %s, naming it', (key, value) => {
    expect(() => testApp({ context: { 'aws:cdk:bundling-stacks': [], [key]: value } })).toThrow(new RegExp(`invalid settings: .*${key}`));
  });
});
