/**
 * The report form's vocabularies and limits: plain values, without the schemas built from them
 * (submissions.ts, which exports them too). A module that only shows them, as the form's page
 * does, loads this one and no schema.
 */

/** The version of the report form that submissions.ts reads and writes. */
export const formVersion = 1;

export const submissionLimits = {
  itemsPerSubmission: 50,
  attachmentsPerItem: 10,
  attachmentsPerSubmission: 20,
  /** 10 MiB a file and 25 MiB in all: a whole submission must still fit in one inbound email (SES accepts 40 MB, base64 included). */
  attachmentBytes: 10 * 1024 * 1024,
  submissionAttachmentBytes: 25 * 1024 * 1024,
  /** Names, references, cities. */
  shortText: 200,
  /** Descriptions of a place, of action requested or taken. */
  mediumText: 2_000,
  /** Facts, measures, views: reports are to be concise, and a long text belongs in an attachment. */
  longText: 20_000,
  legislationEntries: 50,
  /**
   * All the texts of one submission together (about thirty pages). A submission is stored as one
   * DynamoDB item, of 400 KB at most, and a character takes up to 3 bytes: fifty reports each
   * with texts at their own limits would not fit, and the write would fail after the checks.
   */
  submissionTextChars: 60_000,
} as const;

export const affectedKinds = [
  'embassy',
  'consulate',
  'permanent-mission', // to an international organization
  'residence',
  'vehicle',
  'diplomatic-agent',
  'consular-officer',
  'staff',
  'family-member',
  'other',
] as const;

export const violationKinds = [
  'attack',
  'intrusion',
  'damage',
  'arson',
  'threat',
  'demonstration',
  'harassment',
  'search',
  'surveillance',
  'technical-interference',
  'kidnapping',
  'killing',
  'other',
] as const;

/** 11(b) names arrest, charges and extradition; an investigation is usually the first measure a State can report. */
export const justiceMeasureKinds = ['investigation', 'arrest', 'charges', 'extradition-request', 'other'] as const;

export const preventiveMeasureKinds = ['guards', 'perimeter', 'legislation', 'other'] as const;

/** The file types accepted as attachments, with the file name endings each may carry. */
export const attachmentTypes = {
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/msword': ['.doc'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'text/plain': ['.txt'],
} as const satisfies Record<string, readonly string[]>;

export type AttachmentContentType = keyof typeof attachmentTypes;
