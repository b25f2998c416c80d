/**
 * `mpr triage` against a running engine: the commands run in this process, reaching the engine
 * through the endpoints.json the test writes (as `npm start` would).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { triageCommands } from '../../cli/commands/triage.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { files, filledForm, frenchViolationForm, runCli, useEmailEngine } from './support.ts';

const system = useEmailEngine({ endpointsFile: true });

let formsDir: string;
beforeAll(async () => {
  formsDir = await mkdtemp(join(tmpdir(), 'mpr-forms-'));
});
afterAll(() => rm(formsDir, { recursive: true, force: true }));

const triage = (name: string, ...args: string[]) => runCli(triageCommands, name, args);
const items = () => new QuarantineRepository(system().access);

describe('mpr triage', () => {
  it('lists the pending items, oldest first', async () => {
    // Reports not to be circulated: their circulations notify the Secretariat only, and end before the engine stops.
    const unknown = await system().send({
      from: 'new-mailbox@missions.example.org',
      subject: 'Rapport',
      text: frenchViolationForm({ 'Diffusion à tous les États': 'non' }),
      attachments: [{ filename: 'photos.pdf', content: files.pdf }],
    });
    const freeForm = await system().send({
      from: 'pm.mex@missions.example.org',
      subject: 'Views',
      text: 'Mexico has trained police units assigned to diplomatic premises.',
    });
    const printed = await triage('list');
    const lines = printed.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${unknown.triageId}  .*  ---  quarantined: unknown-sender  from new-mailbox@missions.example.org  "Rapport"$`));
    expect(lines[1]).toMatch(new RegExp(`^${freeForm.triageId}  .*  MEX  awaiting classification  from pm.mex@missions.example.org  "Views"$`));
    expect(await triage('show', unknown.triageId!)).toContain('report form  read: violation (accepting records it)');
  });

  it('accepts a quarantined message from a new mailbox as a submission of the State named, with its form and attachments', async () => {
    const [item] = (await items().list('pending')).filter((candidate) => candidate.reason === 'unknown-sender');
    await expect(triage('accept', item!.id)).rejects.toThrow(/name its State with --state/);
    const circulationsBefore = await system().circulations();

    const printed = await triage('accept', item!.id, '--state', 'fra');

    const reference = /recorded as (MPR-\d{4}-\d+) of FRA \(violation\)/.exec(printed)?.[1];
    expect(reference).toBeDefined();
    const submission = await new SubmissionsRepository(system().access).get(reference!);
    expect(submission).toMatchObject({
      reportingState: 'FRA',
      source: 'email',
      receivedAt: item!.receivedAt,
      evidence: item!.evidence,
      attachments: [{ fileName: 'photos.pdf', itemIndex: 0 }],
    });
    expect(await items().get(item!.id)).toMatchObject({ status: 'accepted', decision: { by: { kind: 'secretariat', id: 'officer.test' }, reference } });
    expect(await system().circulations()).toBe(circulationsBefore + 1);
    const trail = await new AuditRepository(system().access).forSubject('email', item!.email.dedupeKey);
    expect(trail.map((event) => [event.action, event.details['decision']])).toEqual([
      ['quarantined', undefined],
      ['classified', 'accepted'],
    ]);

    await expect(triage('accept', item!.id, '--state', 'FRA')).rejects.toThrow(
      new RegExp(`was accepted by officer.test on .* as ${reference}; nothing changed`),
    );
    await expect(triage('reject', item!.id, '--reason', 'late')).rejects.toThrow(/was accepted/);
  });

  it('accepts a free-form message as views, with the message text, for the State of its mailbox only', async () => {
    const [item] = (await items().list('pending')).filter((candidate) => candidate.kind === 'free-form');
    await expect(triage('accept', item!.id)).rejects.toThrow(/--kind views, or --form FILE/);
    await expect(triage('accept', item!.id, '--state', 'FRA', '--kind', 'views')).rejects.toThrow(/came from a mailbox of MEX/);
    await expect(triage('accept', item!.id, '--kind', 'violation')).rejects.toThrow(/only views can be recorded from the message text/);

    const printed = await triage('accept', item!.id, '--kind', 'views');

    const reference = /recorded as (MPR-\d{4}-\d+) of MEX \(views\)/.exec(printed)![1]!;
    const submission = await new SubmissionsRepository(system().access).get(reference);
    expect(submission).toMatchObject({
      reportingState: 'MEX',
      language: 'en',
      items: [{ kind: 'views', text: 'Mexico has trained police units assigned to diplomatic premises.' }],
    });
  });

  it('accepts a free-form message as the report form the Secretariat filled in for it', async () => {
    const outcome = await system().send({
      from: 'pm.ken@missions.example.org',
      subject: 'Incident',
      text: 'On 28 March demonstrators damaged the gate of the embassy of Mexico in Nairobi.',
    });
    const form = join(formsDir, 'violation.txt');
    await writeFile(
      form,
      filledForm('en', {
        'Note date': '2024-04-02',
        'Occurred in': 'KEN',
        City: 'Nairobi',
        'Incident date': '2024-03-28',
        Affected: 'embassy',
        'Mission State': 'MEX',
        Violation: 'damage',
        Facts: 'Demonstrators damaged the gate.',
        'Offender known': 'no',
        'Circulate to all States': 'no',
      }),
    );
    const printed = await triage('accept', outcome.triageId!, '--form', form);
    expect(printed).toMatch(/recorded as MPR-\d{4}-\d+ of KEN \(violation\)/);

    const broken = join(formsDir, 'broken.txt');
    await writeFile(broken, filledForm('en', { 'Note date': 'soon' }));
    const another = await system().send({ from: 'pm.ken@missions.example.org', subject: 'Another', text: 'Text.' });
    await expect(triage('accept', another.triageId!, '--form', broken)).rejects.toThrow(/could not be read; nothing changed:\n {2}Note date: must be a date/);
    expect(await items().get(another.triageId!)).toMatchObject({ status: 'pending' });
  });

  it('rejects a held message once, recording who and why', async () => {
    const outcome = await system().send({ from: 'spam@elsewhere.example.net', subject: 'Offer', text: 'Buy now.' });
    await expect(triage('reject', outcome.triageId!)).rejects.toBeInstanceOf(CliError);
    expect(await triage('reject', outcome.triageId!, '--reason', 'not from a mission')).toBe(`${outcome.triageId} rejected.\n`);
    expect(await items().get(outcome.triageId!)).toMatchObject({ status: 'rejected', decision: { by: { id: 'officer.test' }, reason: 'not from a mission' } });
    await expect(triage('reject', outcome.triageId!, '--reason', 'again')).rejects.toThrow(
      /was rejected by officer.test .* \(not from a mission\); nothing changed/,
    );
    await expect(triage('accept', outcome.triageId!, '--state', 'FRA', '--kind', 'views')).rejects.toThrow(/was rejected/);
    expect(await triage('list', '--status', 'rejected')).toContain(outcome.triageId);
    const trail = await new AuditRepository(system().access).forSubject('email', (await items().get(outcome.triageId!))!.email.dedupeKey);
    expect(trail.at(-1)).toMatchObject({
      action: 'classified',
      actor: { kind: 'secretariat', id: 'officer.test' },
      details: { decision: 'rejected', reason: 'not from a mission' },
    });
  });

  it('refuses unknown items and bad options before touching anything', async () => {
    await expect(triage('accept', 'T-20990101-00000000', '--state', 'FRA')).rejects.toThrow(/holds no triage item T-20990101-00000000/);
    await expect(triage('list', '--status', 'maybe')).rejects.toThrow(/--status must be one of pending, accepted, rejected/);
    await expect(triage('accept', 'x', '--kind', 'views', '--form', 'f')).rejects.toThrow(/not both/);
    expect(await triage('template', '--language', 'fr')).toContain('--- FIN DU FORMULAIRE DE RAPPORT ---');
  });
});

describe('mpr triage accept on an item that cannot be accepted', () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  };

  it('refuses a message that failed the virus scan, as a refusal (exit 1), pointing to reject instead of views', async () => {
    const held = await system().send({
      from: 'pm.fra@missions.example.org',
      subject: 'Report',
      text: frenchViolationForm(),
      headers: { 'X-Local-Receipt-Verdicts': 'virus=FAIL' },
    });
    expect(held.disposition).toBe('quarantined');
    for (const args of [[], ['--kind', 'views'], ['--state', 'FRA']]) {
      const error = await refusal(triage('accept', held.triageId!, ...args));
      expect(error.exitCode, args.join(' ')).toBe(1);
      expect(error.message).toMatch(
        /did not pass the virus scan: it was never opened, and cannot be recorded; nothing changed\. Reject it \(mpr triage reject T-/,
      );
      expect(error.message).not.toMatch(/--kind views/);
    }
    expect(await items().get(held.triageId!)).toMatchObject({ status: 'pending' });
  });

  it('answers a message without a readable form with exit 1 (not bad arguments), and a mailbox of another State too', async () => {
    const held = await system().send({
      from: 'pm.mex@missions.example.org',
      subject: 'Views again',
      text: 'Mexico has reinforced the guard of every embassy.',
    });
    const noForm = await refusal(triage('accept', held.triageId!));
    expect(noForm.exitCode).toBe(1);
    expect(noForm.message).toMatch(/holds no readable report form; nothing changed: classify it with --kind views, or --form FILE/);
    expect((await refusal(triage('accept', held.triageId!, '--state', 'FRA', '--kind', 'views'))).exitCode).toBe(1);
    expect((await refusal(triage('accept', held.triageId!, '--kind', 'violation'))).exitCode).toBe(2);
  });
});
