/**
 * The app as the infra tests synthesize it: the real stack and checks, in a fixed region,
 * without bundling (one test bundles for real).
 */
import { buildApp, type BuildAppOptions, type BuiltApp } from '../../infra/build-app.ts';

export const testEnv = { region: 'us-east-1' } as const;

export const skipBundling = { 'aws:cdk:bundling-stacks': [] } as const;

export function testApp(options: Partial<BuildAppOptions> = {}): BuiltApp {
  return buildApp({ env: testEnv, context: skipBundling, ...options });
}

/** A CloudFormation `{ Ref }` or `{ Fn::GetAtt }` as it names a resource. */
export function logicalIdIn(reference: unknown): string | undefined {
  if (typeof reference !== 'object' || reference === null) return undefined;
  const { Ref, 'Fn::GetAtt': getAtt } = reference as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return Ref ?? getAtt?.[0];
}
