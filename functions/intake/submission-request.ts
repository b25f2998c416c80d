/**
 * The body of POST /v1/submissions: the report form (the core's schema) whose attachments each
 * carry, besides their description, the `key` of the file uploaded through POST /v1/attachments.
 * The keys are taken out before the form is validated, so the form stays the one the e-mail path
 * reads too, and each error keeps the path of its field.
 */
import { type SubmissionBody, validateSubmissionBody } from '../core/submissions.ts';
import { type FieldError, fieldErrors } from '../core/validation.ts';
import { type AttachmentDescription, uploadedAttachmentFields } from './api-schemas.ts';

/**
 * The largest body accepted: reports are to be concise and long texts belong in attachments;
 * 5 MiB also stays under what Lambda accepts in one invocation (6 MB, with the event around it).
 */
export const maxSubmissionBytes = 5 * 1024 * 1024;

/** An attachment of the form and the file uploaded for it. */
export interface CitedUpload {
  readonly itemIndex: number;
  readonly attachmentIndex: number;
  readonly key: string;
  readonly description: AttachmentDescription;
}

export type SubmissionRequest =
  | { readonly ok: true; readonly body: SubmissionBody; readonly uploads: readonly CitedUpload[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseSubmissionRequest(input: unknown, now: Date): SubmissionRequest {
  const keyFields = new Map<string, unknown>();
  const form =
    isRecord(input) && Array.isArray(input['items'])
      ? { ...input, items: input['items'].map((item, itemIndex) => withoutKeys(item, itemIndex, keyFields)) }
      : input;

  const keyErrors: FieldError[] = [];
  const keys = new Map<string, string>();
  for (const [position, value] of keyFields) {
    const parsed = uploadedAttachmentFields.key.safeParse(value);
    if (parsed.success) keys.set(position, parsed.data);
    else keyErrors.push(...fieldErrors(parsed.error.issues, '').map((error) => ({ path: `/items/${position}/key`, message: error.message })));
  }

  const validated = validateSubmissionBody(form, now);
  if (!validated.ok || keyErrors.length > 0) return { ok: false, errors: [...(validated.ok ? [] : validated.errors), ...keyErrors] };

  // A valid form has only object attachments, and each had its key taken out and checked above.
  const uploads = validated.value.items.flatMap((item, itemIndex) =>
    item.attachments.map((description, attachmentIndex) => ({
      itemIndex,
      attachmentIndex,
      key: keys.get(`${itemIndex}/attachments/${attachmentIndex}`)!,
      description,
    })),
  );
  return { ok: true, body: validated.value, uploads };
}

/** The item with its attachments' `key` fields removed into `keyFields`, by `<item>/attachments/<n>`. */
function withoutKeys(item: unknown, itemIndex: number, keyFields: Map<string, unknown>): unknown {
  if (!isRecord(item) || !Array.isArray(item['attachments'])) return item;
  const attachments = item['attachments'].map((attachment: unknown, attachmentIndex) => {
    if (!isRecord(attachment)) return attachment;
    const { key, ...description } = attachment;
    keyFields.set(`${itemIndex}/attachments/${attachmentIndex}`, key);
    return description;
  });
  return { ...item, attachments };
}
