/**
 * The deployment's settings: the `mpr:*` context values of cdk.json (overridable with `-c` at
 * deploy time). The stack reads them through the CDK context; the local engine reads the same
 * file, so both engines send from, receive at and pace to the same configuration.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const settingsSchema = z.object({
  /** The address States send reports to; its domain must be verified in SES. */
  'mpr:reportingAddress': z.email(),
  /** The address notes verbales are sent from; a verified SES identity. */
  'mpr:senderAddress': z.email(),
  /** The Secretariat's mailbox for notices (a report not to be circulated, unreached States). */
  'mpr:secretariatAddress': z.email(),
  /** Who receives alarms (an SNS e-mail subscription); empty for none. */
  'mpr:secretariatAlarmEmail': z.union([z.email(), z.literal('')]),
  /** The account's SES maximum send rate (messages per second). */
  'mpr:sesMaxSendRate': z.coerce.number().positive(),
  /**
   * Default Object Lock retention of the evidence bucket, in years: no object version stored by
   * the functions can be deleted or overwritten before then (docs/security.md).
   */
  'mpr:evidenceRetentionYears': z.coerce.number().int().min(1).max(100),
  /** GOVERNANCE (a holder of s3:BypassGovernanceRetention can still delete) or COMPLIANCE (no one can, root included). */
  'mpr:evidenceRetentionMode': z.enum(['GOVERNANCE', 'COMPLIANCE']),
  /** States a dispatch sends to in parallel; each send is paced so that together they keep the rate. */
  'mpr:dispatchConcurrency': z.coerce.number().int().positive(),
  /** Minutes an uncertain send waits for an SES sending event before the sweep releases it for resending. */
  'mpr:unsettledSendWindowMinutes': z.coerce.number().positive().default(60),
  /**
   * The version of the origin secret CloudFront and the API functions use (Secrets Manager's
   * VersionId); empty for the current one. Set after putting a new value to rotate it (docs/security.md).
   */
  'mpr:originSecretVersion': z.string().default(''),
});

export type Settings = z.infer<typeof settingsSchema>;

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** The settings from a context (cdk.json's by default), with every bad value named. */
export function projectSettings(context: Record<string, unknown> = cdkJsonContext()): Settings {
  const parsed = settingsSchema.safeParse(context);
  if (!parsed.success) {
    throw new Error(`invalid settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
