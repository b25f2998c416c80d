/**
 * Logs and metrics, the same way for every function: a Powertools Logger and Metrics named after
 * the function's registry entry, the middy middlewares that tie them to each invocation, and the
 * counter of business events (business-metrics.ts).
 *
 * Traces are Lambda's own: every function runs with active X-Ray tracing (infra), which records
 * each invocation, its cold start and its errors. The Powertools Tracer is not loaded: it would
 * add only a subsegment around the handler (no function traces its AWS SDK calls), and with the
 * X-Ray SDK and semver it weighed about 97 KB in every bundle, and its share of the module init
 * (docs/benchmarks.md). A function whose downstream calls are worth tracing would load it itself.
 *
 * Only the packages' main and `/middleware` entry points are imported, so that a bundle carries
 * no other Powertools utility.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import { type BusinessEvent, type BusinessEventDetail, businessMetrics, metricsNamespace } from './business-metrics.ts';
import { originCheck } from './origin-check.ts';

export interface BusinessEvents {
  /** Counts a business event once (or `count` times); a count of 0 emits nothing. */
  count<E extends BusinessEvent>(event: E, ...detail: BusinessEventDetail<E>): void;
}

export interface Observability {
  readonly logger: Logger;
  readonly business: BusinessEvents;
  /** For `middy().use(...)`: Lambda context in every log line, the cold-start metric. */
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
  const logger = new Logger({ serviceName: service });
  const metrics = new Metrics({
    namespace: metricsNamespace,
    serviceName: service,
    // Every metric is emitted on its own (the cold start, each business event), so the buffer
    // logMetrics flushes is always empty, which Powertools would warn about on every invocation.
    logger: logger.createChild({ logLevel: 'ERROR' }),
  });
  return {
    logger,
    business: businessEvents(metrics, service),
    middlewares: [
      injectLambdaContext(logger, { resetKeys: true }),
      logMetrics(metrics, { captureColdStartMetric: true }),
      // Every handler uses these: an HTTP request that did not come through CloudFront is
      // refused here, before the handler runs (origin-check.ts).
      originCheck(),
    ],
  };
}

function businessEvents(metrics: Metrics, service: string): BusinessEvents {
  return {
    count(event, ...detail) {
      const { metricName, dimension } = businessMetrics[event] as { metricName: string; dimension?: string };
      const [value, count = 1] = (dimension === undefined ? [undefined, ...detail] : detail) as [string | undefined, number?];
      if (count === 0) return;
      // Its own EMF document per event: events of one invocation may differ in their dimension
      // (an e-mail quarantined, another acknowledged), which one shared document cannot express.
      const single = metrics.singleMetric();
      single.clearDefaultDimensions();
      // Exactly one dimension set: the event's dimension, or an empty set for a metric without
      // dimensions (EMF publishes a metric per dimension set, and none without one).
      single.addDimensions(dimension === undefined ? {} : { [dimension]: value! });
      // Which function counted it stays searchable in the log line, without splitting the metric.
      single.addMetadata('service', service);
      single.addMetric(metricName, MetricUnit.Count, count);
    },
  };
}
