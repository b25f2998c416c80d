import { describe, expect, it } from 'vitest';
import { callerFromClaims, InvalidClaimsError } from '../../functions/core/caller.ts';

describe('callerFromClaims', () => {
  it('reads the State and roles from HTTP API claim strings', () => {
    expect(callerFromClaims({ 'cognito:username': 'focal.fra', 'custom:state': 'FRA', 'cognito:groups': '[focal-point mission-admin]' })).toEqual({
      username: 'focal.fra',
      state: 'FRA',
      roles: ['focal-point', 'mission-admin'],
    });
  });

  it('reads list claims given as arrays and ignores unknown groups', () => {
    expect(callerFromClaims({ 'cognito:username': 'u', 'custom:state': 'KEN', 'cognito:groups': ['focal-point', 'admins'] }).roles).toEqual(['focal-point']);
  });

  it('lets Secretariat staff act without a State', () => {
    expect(callerFromClaims({ username: 'officer', 'cognito:groups': '[secretariat]' })).toEqual({ username: 'officer', roles: ['secretariat'] });
  });

  it.each([
    [{ 'custom:state': 'FRA' }, /names no user/],
    [{ 'cognito:username': 'u', 'cognito:groups': '[focal-point]' }, /must belong to a State/],
    [{ 'cognito:username': 'u', 'custom:state': 'fr' }, /alpha-3/],
    [{ 'cognito:username': 'u', 'custom:state': 42 }, /alpha-3/],
  ])('refuses %j', (claims, message) => {
    expect(() => callerFromClaims(claims)).toThrow(InvalidClaimsError);
    expect(() => callerFromClaims(claims)).toThrow(message);
  });
});
