/**
 * Where a State's attachment files are uploaded: `uploads/<STATE>/<upload id>/<file name>` in the
 * evidence bucket. The State in the key is what keeps one State from citing another's files; the
 * id keeps two files of the same name apart; the file name is made safe for a key and a URL.
 */
import * as z from 'zod/mini';
import type { StateCode } from '../core/codes.ts';

const uploadKeyPattern = /^uploads\/([A-Z]{3})\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[A-Za-z0-9._-]{1,100}$/;

export const uploadKeySchema = z
  .string()
  .check(z.regex(uploadKeyPattern, 'must be a key returned by POST /v1/attachments, e.g. uploads/FRA/0b6c7a52-5f0e-4c56-9a51-6f1f3c1c1b2d/note.pdf'));

/** The key for a new upload; `uploadId` is a random UUID. */
export function uploadKeyFor(state: StateCode, uploadId: string, fileName: string): string {
  return `uploads/${state}/${uploadId}/${safeFileName(fileName)}`;
}

/** The State whose prefix a well-formed upload key is under. */
export function stateOfUploadKey(key: string): StateCode | undefined {
  return uploadKeyPattern.exec(key)?.[1];
}

/**
 * The file name as it appears in the key: accents dropped, anything but letters, digits, dots,
 * hyphens and underscores turned into hyphens, at most 100 characters with the ending kept (the
 * ending names the file type). The name the State gave is kept, unaltered, in the submission.
 */
function safeFileName(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/\p{M}/gu, '');
  const safe = ascii.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'file';
  if (safe.length <= 100) return safe;
  const dot = safe.lastIndexOf('.');
  const ending = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
  return safe.slice(0, 100 - ending.length) + ending;
}
