/**
 * CloudWatch metrics as embedded metric format (EMF) documents: one JSON line on stdout per
 * metric, which CloudWatch Logs turns into the metric. Each document is the one Powertools for
 * AWS Lambda's Metrics wrote for a single metric (the functions used it before; the dashboard
 * and alarms read the same metrics):
 *
 *   { "_aws": { "Timestamp": ms, "CloudWatchMetrics": [{ "Namespace", "Dimensions": [[names]],
 *     "Metrics": [{ "Name", "Unit" }] }] }, ...metadata, ...dimensions, "<Name>": value }
 *
 * Every metric this system emits is its own document (a business event, the cold start), so no
 * buffer is kept and nothing is flushed at the end of an invocation.
 *
 * `METRICS_DISABLED=true` writes nothing (the local engine: CloudWatch is not there to read them).
 */

export interface SingleMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: 'Count';
  readonly value: number;
  /** The metric's one dimension set; `{}` is a set without dimensions (EMF needs a set). */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Searchable in the log line, not a dimension. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export function emfDocument(metric: SingleMetric, timestamp: number): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: metric.namespace, Dimensions: [Object.keys(metric.dimensions)], Metrics: [{ Name: metric.name, Unit: metric.unit }] }],
    },
    ...metric.metadata,
    ...metric.dimensions,
    [metric.name]: metric.value,
  };
}

function metricsDisabled(): boolean {
  return /^(1|true|yes|on)$/i.test(process.env['METRICS_DISABLED']?.trim() ?? '');
}

/** Writes each metric as its own document, one line on stdout, unless metrics are disabled. */
export function metricWriter(): (metric: SingleMetric) => void {
  const disabled = metricsDisabled();
  return (metric) => {
    if (!disabled) process.stdout.write(`${JSON.stringify(emfDocument(metric, Date.now()))}\n`);
  };
}
