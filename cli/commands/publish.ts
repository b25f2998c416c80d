/**
 * `mpr publish`: the full texts of a cycle's replies as a static site (functions/core/publication),
 * written to a folder, with each attachment copied from the evidence bucket and checked against
 * its digest; and with `--sync-to`, uploaded to the publication bucket.
 *
 * Whatever was published before and is no longer to be (the Secretariat withdrew a reply from
 * publication) must go: the folder is rebuilt from nothing, and after an upload the objects under
 * the prefix that are not part of the site are deleted.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { type AttachmentFile, buildSite, type SiteFile } from '../../functions/core/publication/site.ts';
import { CliError, command, exitCodes } from '../command.ts';
import { mapLimit } from '../concurrency.ts';
import { jsonOption, type Progress, printResult, progress } from '../output.ts';
import { type Target, targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';

/** Marks a folder as written by this command, so that publishing again may replace it whole. */
const markerFile = '.mpr-publication.json';
const transferConcurrency = 8;

interface Destination {
  readonly bucket: string;
  /** `''` or ending in `/`. */
  readonly prefix: string;
}

function parseDestination(value: string | undefined): Destination | undefined {
  if (value === undefined) return undefined;
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match) throw new CliError(`--sync-to ${value} is not s3://BUCKET/PREFIX`, exitCodes.badArguments);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' };
}

/** An empty or new folder, or one this command wrote before (emptied); never someone's other files. */
async function prepareFolder(folder: string): Promise<void> {
  const entries: string[] = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0 && !entries.includes(markerFile))
    throw new CliError(`${folder} is not empty and holds no earlier publication: choose a new or empty folder`);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
}

async function copyAttachment(target: Target, file: AttachmentFile, destination: string): Promise<void> {
  const object = await target.s3.send(new GetObjectCommand({ Bucket: target.evidenceBucket(), Key: file.key }));
  const bytes = await object.Body!.transformToByteArray();
  // The evidence bucket keeps what the State sent; a copy that differs is not that.
  if (bytes.length !== file.size || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new CliError(`the evidence object ${file.key} does not match its digest; nothing was published from ${file.path}`);
  await writeFile(destination, bytes);
}

/** Writes the site into `folder`, pages first, then each attachment. */
async function writeSite(target: Target, files: readonly SiteFile[], folder: string, shown: Progress): Promise<void> {
  const destination = (file: SiteFile) => join(folder, ...file.path.split('/'));
  await Promise.all([...new Set(files.map((file) => dirname(destination(file))))].map((path) => mkdir(path, { recursive: true })));
  for (const file of files) if (file.kind === 'page') await writeFile(destination(file), file.content);
  const attachments = files.filter((file): file is AttachmentFile => file.kind === 'attachment');
  let copied = 0;
  await mapLimit(attachments, transferConcurrency, async (file) => {
    await copyAttachment(target, file, destination(file));
    shown.update(`Copied ${(copied += 1)}/${attachments.length} attachments`);
  });
  shown.done();
}

/**
 * Uploads the site under the prefix, the index last so that it never links to a page not yet
 * there, then deletes what else is under the prefix. Returns how many objects were deleted.
 */
async function syncSite(s3: S3Client, files: readonly SiteFile[], folder: string, to: Destination, shown: Progress): Promise<number> {
  const ordered = [...files.filter((file) => file.path !== 'index.html'), ...files.filter((file) => file.path === 'index.html')];
  let uploaded = 0;
  const upload = async (file: SiteFile) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: to.bucket,
        Key: `${to.prefix}${file.path}`,
        Body: file.kind === 'page' ? file.content : await readFile(join(folder, ...file.path.split('/'))),
        ContentType: file.contentType,
        // Pages change with each publication; attachments never do.
        ...(file.kind === 'page' ? { CacheControl: 'no-cache' } : {}),
      }),
    );
    shown.update(`Uploaded ${(uploaded += 1)}/${ordered.length} files to s3://${to.bucket}/${to.prefix}`);
  };
  await mapLimit(ordered.slice(0, -1), transferConcurrency, upload);
  await upload(ordered.at(-1)!);
  shown.done();

  const keep = new Set(files.map((file) => `${to.prefix}${file.path}`));
  const stale: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: to.bucket, Prefix: to.prefix, ...(token ? { ContinuationToken: token } : {}) }));
    stale.push(...(page.Contents ?? []).map((object) => object.Key!).filter((key) => !keep.has(key)));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await mapLimit(stale, transferConcurrency, (key) => s3.send(new DeleteObjectCommand({ Bucket: to.bucket, Key: key })));
  return stale.length;
}

export const publishCommand = command({
  name: 'publish',
  summary: 'Build the site of the full texts of a cycle’s replies, those to be published only.',
  usage: '--out DIR',
  description: [
    'The site is static HTML: an index by State in English alphabetical order, a page per reply with its attachments, no scripts, relative links only. A reply appears only when its decision "publish full text" is yes (mpr reports list shows it).',
    'DIR must be new, empty, or a folder this command wrote before, which is replaced. With --sync-to, the site is uploaded under the prefix and every other object there is deleted, so that a reply withdrawn from publication goes offline.',
  ],
  options: {
    ...targetOptions,
    ...cycleOption,
    out: { type: 'string', value: 'DIR', help: 'the folder to write the site to' },
    'sync-to': {
      type: 'string',
      value: 's3://BUCKET/PREFIX',
      help: 'then upload the site there (the publication bucket: the stack output PublicationBucketName)',
    },
    ...jsonOption,
  },
  examples: ['mpr publish --cycle 77/108 --out site', 'mpr publish --aws --out site --sync-to s3://my-publication-bucket/77-108'],
  async run({ values }) {
    const folder = values.out;
    if (!folder) throw new CliError('name the folder to write the site to: --out DIR', exitCodes.badArguments);
    const destination = parseDestination(values['sync-to']);
    await withTarget(values, async (target) => {
      const { cycle } = await readCycle(target, values.cycle);
      // A bucket that cannot be reached is found before anything is built.
      // (HeadBucket answers with a status only: NotFound, Forbidden.)
      if (destination) {
        await target.s3.send(new HeadBucketCommand({ Bucket: destination.bucket })).catch((error: Error) => {
          throw new CliError(`cannot reach s3://${destination.bucket}: ${error.name}`);
        });
      }
      const [states, submissions] = await Promise.all([
        new StatesRepository(target.table).list(),
        new SubmissionsRepository(target.table).listByCycle(cycle.id),
      ]);
      const generatedAt = new Date().toISOString();
      const files = buildSite({ cycle, states, submissions, generatedAt });
      const shown = progress(values);
      await prepareFolder(folder);
      // Marked first: a run that fails halfway leaves a folder the next run may replace.
      await writeFile(join(folder, markerFile), `${JSON.stringify({ cycleId: cycle.id, generatedAt }, null, 2)}\n`);
      await writeSite(target, files, folder, shown);
      const deleted = destination ? await syncSite(target.s3, files, folder, destination, shown) : undefined;

      const replies = files.filter((file) => file.kind === 'page' && file.path.startsWith('replies/')).length;
      const summary = {
        cycleId: cycle.id,
        out: folder,
        replies,
        withheld: submissions.length - replies,
        attachments: files.filter((file) => file.kind === 'attachment').length,
        files: files.length,
        syncedTo: destination ? `s3://${destination.bucket}/${destination.prefix}` : null,
        deleted: deleted ?? null,
      };
      printResult(values.json, summary, () =>
        [
          `Published ${summary.replies} replies of cycle ${cycle.id} (${summary.withheld} not to be published) with ${summary.attachments} attachment(s): ${summary.files} files in ${folder}.`,
          ...(destination ? [`Uploaded to ${summary.syncedTo}; ${deleted} object(s) no longer published deleted.`] : []),
        ].join('\n'),
      );
    });
  },
});
