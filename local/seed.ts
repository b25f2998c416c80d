/**
 * Demo users of the local engine, so that a newcomer can sign in at once: a focal point and a
 * mission administrator for a few States, and a Secretariat officer. Passwords are local-only.
 */
import type { Role } from '../functions/core/caller.ts';

export const localPassword = 'Local-Passw0rd!';

export const demoUsers: readonly { username: string; state?: string; groups: Role[] }[] = [
  { username: 'focal.fra', state: 'FRA', groups: ['focal-point'] },
  { username: 'admin.fra', state: 'FRA', groups: ['focal-point', 'mission-admin'] },
  { username: 'focal.ken', state: 'KEN', groups: ['focal-point'] },
  { username: 'focal.mex', state: 'MEX', groups: ['focal-point'] },
  { username: 'secretariat.officer', groups: ['secretariat'] },
];

interface FocalPointDirectory {
  createFocalPoint(user: { username: string; state?: string; groups: Role[]; password?: string }): Promise<unknown>;
}

export async function seedLocalData(targets: { cognito: FocalPointDirectory }): Promise<void> {
  for (const user of demoUsers) await targets.cognito.createFocalPoint({ ...user, password: localPassword });
}
