/** The verdict of a health check from its individual probes. */

export interface HealthCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly millis: number;
  /** The error's name (never its message, which may carry resource details). */
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checkedAt: string;
  readonly checks: readonly HealthCheck[];
}

export function summarizeHealth(checks: readonly HealthCheck[], now: Date): HealthReport {
  return { status: checks.every((check) => check.ok) ? 'ok' : 'degraded', checkedAt: now.toISOString(), checks };
}
