/**
 * What the local engine starts with: the States registry, reporting cycles and (illustrative)
 * treaty status tables shipped in data/,
 * and demo users so that a newcomer can sign in at once (a focal point and a mission
 * administrator for a few States, and a Secretariat officer; passwords are local-only).
 *
 * Seeding fills what is empty and leaves what exists: on a kept data directory, an imported
 * registry or a changed cycle survives a restart.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CyclesRepository } from '../functions/aws/cycles-repository.ts';
import { InstrumentsRepository } from '../functions/aws/instruments-repository.ts';
import { StatesRepository } from '../functions/aws/states-repository.ts';
import type { TableAccess } from '../functions/aws/table-repository.ts';
import type { Role } from '../functions/core/caller.ts';
import { parseCycle } from '../functions/core/cycles.ts';
import { parseInstrumentCatalogue, parseStatusTable } from '../functions/core/instruments.ts';
import { parseStatesCsv } from '../functions/core/states.ts';
import { projectRoot } from './project-root.ts';

export const localPassword = 'Local-Passw0rd!';

export const demoUsers: readonly { username: string; state?: string; groups: Role[] }[] = [
  { username: 'focal.fra', state: 'FRA', groups: ['focal-point'] },
  { username: 'admin.fra', state: 'FRA', groups: ['focal-point', 'mission-admin'] },
  { username: 'focal.ken', state: 'KEN', groups: ['focal-point'] },
  { username: 'focal.mex', state: 'MEX', groups: ['focal-point'] },
  { username: 'secretariat.officer', groups: ['secretariat'] },
];

/**
 * Three more demo users show the portal's sign-in challenges: one whose first sign-in must replace
 * a temporary password, one with a TOTP second factor (its secret is printed at start), and one
 * of whom MFA is required, as of everyone in the deployed pool, and who has no TOTP device yet:
 * its first sign-in sets one up (MFA_SETUP), the next ones ask its code.
 */
export const temporaryPassword = 'Temporary-Passw0rd!';
export const firstSignInUser = { username: 'newcomer.fra', state: 'FRA', groups: ['focal-point'] as Role[] };
export const totpUser = { username: 'mfa.ken', state: 'KEN', groups: ['focal-point'] as Role[] };
export const mfaSetupUser = { username: 'newmfa.irl', state: 'IRL', groups: ['focal-point'] as Role[] };

/** What a person signs in with on the engine: printed by `npm start`. */
export interface DemoSignIn {
  readonly username: string;
  readonly password: string;
  readonly state?: string;
  readonly groups: readonly Role[];
  /** The first sign-in sets a new password. */
  readonly temporary?: boolean;
  /** Base32 TOTP secret to add to an authenticator app. */
  readonly totpSecret?: string;
  /** MFA is required: a sign-in without a TOTP device sets one up (MFA_SETUP). */
  readonly mfaRequired?: boolean;
}

export const seedFiles = {
  states: join(projectRoot, 'data', 'states.csv'),
  cycles: join(projectRoot, 'data', 'cycles'),
  /** Illustrative status tables (data/instruments/README.md), so that a report compiles at once. */
  instruments: join(projectRoot, 'data', 'instruments'),
} as const;

interface FocalPointDirectory {
  createFocalPoint(user: {
    username: string;
    state?: string;
    groups: Role[];
    password?: string;
    temporaryPassword?: boolean;
    mfaRequired?: boolean;
  }): Promise<unknown>;
  enableTotp(username: string): Promise<string>;
}

export interface SeedTargets {
  readonly cognito: FocalPointDirectory;
  readonly table: TableAccess;
  /** Import the illustrative status tables of data/instruments when none is imported yet. */
  readonly sampleInstruments: boolean;
}

export async function seedLocalData(targets: SeedTargets): Promise<DemoSignIn[]> {
  const states = new StatesRepository(targets.table);
  if ((await states.currentVersion()) === 0) {
    const parsed = parseStatesCsv(await readFile(seedFiles.states, 'utf8'));
    if (!parsed.ok) throw new Error(`${seedFiles.states}: ${parsed.errors.map((error) => `line ${error.line}: ${error.message}`).join('; ')}`);
    await states.replaceAll(parsed.states);
  }
  const cycles = new CyclesRepository(targets.table);
  for (const file of (await readdir(seedFiles.cycles)).filter((name) => name.endsWith('.json'))) {
    const parsed = parseCycle(await readFile(join(seedFiles.cycles, file), 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
    if (!(await cycles.get(parsed.value.id))) await cycles.save(parsed.value);
  }
  const instruments = new InstrumentsRepository(targets.table);
  if (targets.sampleInstruments && (await instruments.currentAll()).length === 0) {
    const catalogue = parseInstrumentCatalogue(await readFile(join(seedFiles.instruments, 'instruments.json'), 'utf8'));
    if (!catalogue.ok) throw new Error(`instruments.json: ${catalogue.errors.map((error) => error.message).join('; ')}`);
    for (const file of (await readdir(seedFiles.instruments)).filter((name) => name.endsWith('.sample.csv'))) {
      const instrument = catalogue.value.find((candidate) => file.startsWith(`${candidate.id}.`));
      if (!instrument) continue;
      const table = parseStatusTable(await readFile(join(seedFiles.instruments, file), 'utf8'), 'csv');
      if (!table.ok) throw new Error(`${file}: ${table.errors.map((error) => `line ${error.line}: ${error.message}`).join('; ')}`);
      await instruments.replace(instrument.id, table.participants, { source: file, by: 'local-engine-seed' });
    }
  }
  for (const user of demoUsers) await targets.cognito.createFocalPoint({ ...user, password: localPassword });
  await targets.cognito.createFocalPoint({ ...firstSignInUser, password: temporaryPassword, temporaryPassword: true });
  await targets.cognito.createFocalPoint({ ...totpUser, password: localPassword });
  const totpSecret = await targets.cognito.enableTotp(totpUser.username);
  await targets.cognito.createFocalPoint({ ...mfaSetupUser, password: localPassword, mfaRequired: true });
  return [
    ...demoUsers.map((user) => ({ ...user, password: localPassword })),
    { ...firstSignInUser, password: temporaryPassword, temporary: true },
    { ...totpUser, password: localPassword, totpSecret },
    { ...mfaSetupUser, password: localPassword, mfaRequired: true },
  ];
}
