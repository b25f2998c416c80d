/**
 * `mpr publish` against a running engine: the site of the replies to be published, their
 * attachments copied from the evidence bucket, and the upload to a bucket (the local S3).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { publishCommand } from '../../cli/commands/publish.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { submission } from '../support/submissions.ts';
import { type CliTestEngine, run, storeAttachment, storeSubmissions, useCliEngine } from './support.ts';

const system = useCliEngine();
const publish = publishCommand('mpr');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mpr-publish-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const sameText = 'Guards were posted at the chancery and the residence.';

/**
 * France sends two notes the same day, with the same text and an attachment of the same name:
 * the first to be published, the second not. Kenya answers the first.
 */
async function storeReplies(test: CliTestEngine): Promise<Submission[]> {
  const withPublication = (reply: Submission, publish: boolean, attachments: Submission['attachments']): Submission => ({
    ...reply,
    attachments,
    decisions: { ...reply.decisions, publishFullText: { value: publish, decidedBy: publish ? 'state-request' : 'secretariat', at: reply.receivedAt } },
  });
  const replies = [
    withPublication(submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [{ kind: 'views', text: sameText }]), true, [
      await storeAttachment(test, 'uploads/FRA/one/photos.pdf', 'photos.pdf', '%PDF-1.4 the published photos'),
    ]),
    withPublication(submission(2, 'FRA', '2024-03-02T15:00:00.000Z', [{ kind: 'views', text: sameText }]), false, [
      await storeAttachment(test, 'uploads/FRA/two/photos.pdf', 'photos.pdf', '%PDF-1.4 the confidential photos'),
    ]),
    withPublication(
      submission(3, 'KEN', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: 'Kenya has reinforced the police units assigned to diplomatic premises.' }]),
      true,
      [],
    ),
  ];
  await storeSubmissions(test, replies);
  return replies;
}

let stored: Promise<Submission[]> | undefined;
const replies = () => (stored ??= storeReplies(system()));

describe('mpr publish', () => {
  it('writes the pages of the replies to be published only, with their attachments copied', async () => {
    await replies();
    const out = join(work, 'site');
    const printed = await run(publish, '--cycle', '77/108', '--out', out);
    expect(printed).toContain(`Published 2 replies of cycle 77/108 (1 not to be published) with 1 attachment(s): 5 files in ${out}.`);
    expect(await filesUnder(out)).toEqual([
      '.mpr-publication.json',
      'index.html',
      'replies/MPR-2024-0001.html',
      'replies/MPR-2024-0001/1-photos.pdf',
      'replies/MPR-2024-0003.html',
      'style.css',
    ]);
    expect(await readFile(join(out, 'replies/MPR-2024-0001/1-photos.pdf'), 'utf8')).toBe('%PDF-1.4 the published photos');

    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect([...index.matchAll(/<h2 id="state-([A-Z]{3})">/g)].map((match) => match[1])).toEqual(['FRA', 'KEN']);
    expect(index).toContain('<a href="replies/MPR-2024-0001.html">Note of 2 March 2024</a>: views (paragraph 13)');
    const everything = (await Promise.all((await filesUnder(out)).map((file) => readFile(join(out, file), 'utf8')))).join('\n');
    expect(everything).not.toContain('MPR-2024-0002');
    expect(everything).not.toContain('confidential photos');
    expect((await readFile(join(out, 'replies/MPR-2024-0001.html'), 'utf8')).match(new RegExp(sameText, 'g'))).toHaveLength(1);
  });

  it('rebuilds its folder, so that a reply withdrawn from publication disappears from it', async () => {
    const [first] = await replies();
    const out = join(work, 'rebuilt');
    await run(publish, '--out', out);
    const repository = new SubmissionsRepository(system().table);
    const current = (await repository.get(first!.reference))!;
    await repository.update({
      ...current,
      decisions: { ...current.decisions, publishFullText: { value: false, decidedBy: 'secretariat', at: '2024-03-05T10:00:00.000Z' } },
    });
    try {
      const printed = JSON.parse(await run(publish, '--out', out, '--json')) as Record<string, unknown>;
      expect(printed).toMatchObject({ cycleId: '77/108', replies: 1, withheld: 2, attachments: 0, files: 3, syncedTo: null });
      expect(await filesUnder(out)).toEqual(['.mpr-publication.json', 'index.html', 'replies/MPR-2024-0003.html', 'style.css']);
    } finally {
      const withdrawn = (await repository.get(first!.reference))!;
      await repository.update({ ...withdrawn, decisions: current.decisions });
    }
  });

  it('uploads the site with its content types and deletes what is no longer published under the prefix', async () => {
    await replies();
    const { s3 } = system();
    await s3.send(new CreateBucketCommand({ Bucket: 'mpr-publication' }));
    await s3.send(new PutObjectCommand({ Bucket: 'mpr-publication', Key: 'replies-77-108/replies/MPR-2023-0042.html', Body: 'a reply withdrawn since' }));
    await s3.send(new PutObjectCommand({ Bucket: 'mpr-publication', Key: 'elsewhere/keep.txt', Body: 'not ours' }));

    const printed = await run(publish, '--out', join(work, 'synced'), '--sync-to', 's3://mpr-publication/replies-77-108');
    expect(printed).toContain('Uploaded to s3://mpr-publication/replies-77-108/; 1 object(s) no longer published deleted.');

    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: 'mpr-publication' }));
    const keys = Contents.map((object) => object.Key!).sort();
    expect(keys).toEqual([
      'elsewhere/keep.txt',
      ...['index.html', 'replies/MPR-2024-0001.html', 'replies/MPR-2024-0001/1-photos.pdf', 'replies/MPR-2024-0003.html', 'style.css'].map(
        (key) => `replies-77-108/${key}`,
      ),
    ]);
    const type = async (key: string) => (await s3.send(new HeadObjectCommand({ Bucket: 'mpr-publication', Key: `replies-77-108/${key}` }))).ContentType;
    expect(await type('index.html')).toBe('text/html; charset=utf-8');
    expect(await type('style.css')).toBe('text/css; charset=utf-8');
    expect(await type('replies/MPR-2024-0001/1-photos.pdf')).toBe('application/pdf');
    const page = await s3.send(new GetObjectCommand({ Bucket: 'mpr-publication', Key: 'replies-77-108/replies/MPR-2024-0001.html' }));
    expect(await page.Body!.transformToString()).toBe(await readFile(join(work, 'synced', 'replies', 'MPR-2024-0001.html'), 'utf8'));
  });

  it('refuses a folder it did not write, a bucket it cannot reach and an attachment that is not what was sent', async () => {
    await replies();
    const foreign = join(work, 'foreign');
    await rm(foreign, { recursive: true, force: true });
    await run(publish, '--out', foreign);
    await rm(join(foreign, '.mpr-publication.json'));
    await writeFile(join(foreign, 'notes.txt'), 'someone’s notes');
    await expect(run(publish, '--out', foreign)).rejects.toThrow(`${foreign} is not empty and holds no earlier publication: choose a new or empty folder`);
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('someone’s notes');

    await expect(run(publish, '--out', join(work, 'nowhere'), '--sync-to', 's3://no-such-bucket/site')).rejects.toThrow(
      'cannot reach s3://no-such-bucket: NotFound',
    );

    const test = system();
    await storeAttachment(test, 'uploads/FRA/one/photos.pdf', 'photos.pdf', '%PDF-1.4 altered');
    const altered = await run(publish, '--out', join(work, 'altered')).catch((error: unknown) => error);
    expect(altered).toBeInstanceOf(CliError);
    expect(altered).toMatchObject({
      exitCode: 1,
      message: 'the evidence object uploads/FRA/one/photos.pdf does not match its digest; nothing was published from replies/MPR-2024-0001/1-photos.pdf',
    });
  });
});
