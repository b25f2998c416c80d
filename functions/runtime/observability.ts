/**
 * Logs, metrics and traces, the same way for every function: a Powertools Logger, Metrics and
 * Tracer named after the function's registry entry, the middy middlewares that tie them to each
 * invocation, and the counter of business events (business-metrics.ts).
 *
 * Only the packages' main and `/middleware` entry points are imported, so that a bundle carries
 * no other Powertools utility.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
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
  /** For `middy().use(...)`: Lambda context in every log line, the cold-start metric, the handler's trace segment. */
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
  const tracer = new Tracer({ serviceName: service });
  return {
    logger,
    business: businessEvents(metrics, service),
    middlewares: [
      injectLambdaContext(logger, { resetKeys: true }),
      // Responses stay out of traces: some name focal points, and a dispatch plan of 195 States
      // would overflow X-Ray's 64 KB segment.
      captureLambdaHandler(tracer, { captureResponse: false }),
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
