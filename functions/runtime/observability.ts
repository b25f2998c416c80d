/**
 * Logs and metrics, the same way for every function: a structured logger (log.ts) and EMF metrics
 * (emf.ts) named after the function's registry entry, the middy middleware that ties them to each
 * invocation, and the counter of business events (business-metrics.ts).
 *
 * Both write the fields Powertools for AWS Lambda wrote, which the functions used before; the
 * package went because loading it was most of a small function's cold start (docs/benchmarks.md).
 *
 * Traces are Lambda's own: every function runs with active X-Ray tracing (infra), which records
 * each invocation, its cold start and its errors; each log line carries the invocation's trace id.
 * No function traces its AWS SDK calls, which would take the X-Ray SDK (about 97 KB in every bundle,
 * and its share of the init); a function whose downstream calls are worth tracing would load it.
 */
import type { MiddlewareObj } from '@middy/core';
import { type BusinessEvent, type BusinessEventDetail, businessMetrics, metricsNamespace } from './business-metrics.ts';
import { metricWriter, type SingleMetric } from './emf.ts';
import { type Logger, StructuredLogger } from './log.ts';
import { originCheck } from './origin-check.ts';

export interface BusinessEvents {
  /** Counts a business event once (or `count` times); a count of 0 emits nothing. */
  count<E extends BusinessEvent>(event: E, ...detail: BusinessEventDetail<E>): void;
}

export interface Observability {
  readonly logger: Logger;
  readonly business: BusinessEvents;
  /** For `middy().use(...)`: Lambda context in every log line, the cold-start metric, the origin check. */
  readonly middlewares: MiddlewareObj[];
}

// One set per function, so that the handler and its wrapper (workflowTask) share it; the local
// engine runs every function in one process, each with its own.
const byFunction = new Map<string, Observability>();

export function observability(spec: { readonly name: string }): Observability {
  let observed = byFunction.get(spec.name);
  if (!observed) {
    observed = create(spec.name);
    byFunction.set(spec.name, observed);
  }
  return observed;
}

function create(service: string): Observability {
  const logger = new StructuredLogger(service);
  const emit = metricWriter();
  const invocation: MiddlewareObj = {
    before: ({ context }) => {
      const coldStart = logger.startInvocation(context);
      // The function's own metric, by function: the one metric with the `service` dimension.
      if (coldStart) {
        emit({
          namespace: metricsNamespace,
          name: 'ColdStart',
          unit: 'Count',
          value: 1,
          dimensions: { service, function_name: context.functionName },
        });
      }
    },
  };
  return {
    logger,
    business: businessEvents(emit, service),
    middlewares: [
      invocation,
      // Every handler uses these: an HTTP request that did not come through CloudFront is
      // refused here, before the handler runs (origin-check.ts).
      originCheck(),
    ],
  };
}

function businessEvents(emit: (metric: SingleMetric) => void, service: string): BusinessEvents {
  return {
    count(event, ...detail) {
      const { metricName, dimension } = businessMetrics[event] as { metricName: string; dimension?: string };
      const [value, count = 1] = (dimension === undefined ? [undefined, ...detail] : detail) as [string | undefined, number?];
      if (count === 0) return;
      // Its own document per event: events of one invocation may differ in their dimension (an
      // e-mail quarantined, another acknowledged), which one shared document cannot express.
      // Exactly one dimension set: the event's dimension, or an empty set for a metric without
      // dimensions (EMF publishes a metric per dimension set, and none without one). Which
      // function counted it stays searchable in the log line, without splitting the metric.
      emit({
        namespace: metricsNamespace,
        name: metricName,
        unit: 'Count',
        value: count,
        dimensions: dimension === undefined ? {} : { [dimension]: value! },
        metadata: { service },
      });
    },
  };
}
