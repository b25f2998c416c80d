/**
 * Execution history in the shape GetExecutionHistory returns on AWS, built from the library's
 * event log (states entered and exited, Map iterations) and from the task handlers (what was
 * scheduled on which function and how it ended). Retries and catches leave no event of their own
 * on AWS either: they show as a failed task followed by a new attempt or by the next state.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateMachine } from 'aws-local-stepfunctions';
import type { TaskRoute } from './definition.ts';

/** An event before it takes its place in a history (id, predecessor, time). */
export type HistoryEventBody = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

export type LibraryEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
type StateType = Extract<LibraryEvent, { state: unknown }>['state']['type'];

const entered: Record<StateType, HistoryEventType> = {
  Task: 'TaskStateEntered',
  Wait: 'WaitStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Map: 'MapStateEntered',
  Parallel: 'ParallelStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
};

/** A Fail state never exits; the others do, Map and Parallel after reporting success. */
const exited: Record<Exclude<StateType, 'Fail'>, HistoryEventType[]> = {
  Task: ['TaskStateExited'],
  Wait: ['WaitStateExited'],
  Pass: ['PassStateExited'],
  Choice: ['ChoiceStateExited'],
  Map: ['MapStateSucceeded', 'MapStateExited'],
  Parallel: ['ParallelStateSucceeded', 'ParallelStateExited'],
  Succeed: ['SucceedStateExited'],
};

export class History {
  readonly events: HistoryEvent[] = [];

  append(body: HistoryEventBody, timestamp: Date): HistoryEvent {
    const id = this.events.length + 1;
    const event: HistoryEvent = { timestamp, id, previousEventId: id - 1, ...body };
    this.events.push(event);
    return event;
  }
}

/** The AWS events one library event stands for; none for the execution-level ones, which the engine writes itself. */
export function translate(event: LibraryEvent, routes: ReadonlyMap<string, TaskRoute>): HistoryEventBody[] {
  switch (event.type) {
    case 'StateEntered': {
      const type = stateType(event.state, routes);
      return [
        {
          type: entered[type],
          stateEnteredEventDetails: { name: event.state.name, input: JSON.stringify(event.state.input), inputDetails: { truncated: false } },
        },
      ];
    }
    case 'StateExited': {
      const type = stateType(event.state, routes);
      if (type === 'Fail') return [];
      const details = { name: event.state.name, output: JSON.stringify(event.state.output ?? null), outputDetails: { truncated: false } };
      return exited[type].map((eventType) => (eventType.endsWith('Exited') ? { type: eventType, stateExitedEventDetails: details } : { type: eventType }));
    }
    case 'StateFailed':
      if (event.state.type === 'Map') return [{ type: 'MapStateFailed' }];
      if (event.state.type === 'Parallel') return [{ type: 'ParallelStateFailed' }];
      return [];
    case 'MapIterationStarted':
      return [{ type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index } }];
    case 'MapIterationSucceeded':
      return [{ type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index } }];
    case 'MapIterationFailed':
      return [{ type: 'MapIterationFailed', mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index } }];
    default:
      return [];
  }
}

/** Rewritten Wait states run as Tasks (see definition.ts) but are reported as the Waits they are. */
function stateType(state: { name: string; type: StateType }, routes: ReadonlyMap<string, TaskRoute>): StateType {
  return routes.get(state.name)?.kind === 'wait' ? 'Wait' : state.type;
}

/** GetExecutionHistory with includeExecutionData=false: the same events without inputs and outputs. */
export function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const dataKeys = new Set(['input', 'inputDetails', 'output', 'outputDetails', 'parameters']);
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) =>
      key.endsWith('EventDetails') && typeof value === 'object' && value !== null
        ? [key, Object.fromEntries(Object.entries(value).filter(([inner]) => !dataKeys.has(inner)))]
        : [key, value],
    ),
  ) as HistoryEvent;
}
