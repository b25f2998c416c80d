import { beforeAll, describe, expect, it } from 'vitest';
import { userGroups } from '../../infra/constructs/identity.ts';
import type { SynthesizedStack } from './support.ts';
import { logicalIdIn, sharedStack, synthTimeout } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

const pool = (): [string, Record<string, unknown>] => {
  const [id, resource] = stack.only('AWS::Cognito::UserPool');
  return [id, resource.Properties];
};

describe('user pool', () => {
  it('admits only users the Secretariat creates, signing in by username or e-mail', () => {
    const [, properties] = pool();
    expect(properties['AdminCreateUserConfig']).toEqual({ AllowAdminCreateUserOnly: true });
    // Username sign-in is Cognito's default; e-mail is an alias of it.
    expect(properties['UsernameAttributes']).toBeUndefined();
    expect(properties['AliasAttributes']).toEqual(['email']);
  });

  it("carries each user's State as an immutable three-letter claim", () => {
    const [, properties] = pool();
    expect(properties['Schema']).toContainEqual({
      Name: 'state',
      AttributeDataType: 'String',
      Mutable: false,
      StringAttributeConstraints: { MinLength: '3', MaxLength: '3' },
    });
  });

  it('requires TOTP, a strong password and threat protection, and is kept', () => {
    const [poolId, properties] = pool();
    expect(properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    expect(stack.resources[poolId]!.DeletionPolicy).toBe('Retain');
  });

  it('has the groups the handlers read from cognito:groups', () => {
    const [poolId] = pool();
    const groups = stack.ofType('AWS::Cognito::UserPoolGroup').filter(([, group]) => logicalIdIn(group.Properties['UserPoolId']) === poolId);
    expect(groups.map(([, group]) => group.Properties['GroupName']).sort()).toEqual([...userGroups].sort());
  });

  it('has one client: SRP sign-in only, no OAuth, name the only attribute users write', () => {
    const [poolId] = pool();
    const [clientId, client] = stack.only('AWS::Cognito::UserPoolClient');
    expect(logicalIdIn(client.Properties['UserPoolId'])).toBe(poolId);
    expect(client.Properties).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      WriteAttributes: ['name'],
    });
    expect(stack.outputs['UserPoolId']?.Value).toEqual({ Ref: poolId });
    expect(stack.outputs['UserPoolClientId']?.Value).toEqual({ Ref: clientId });
  });

  it('issues ID and access tokens that live 15 minutes, and revocable refresh tokens', () => {
    const [, client] = stack.only('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });
});
