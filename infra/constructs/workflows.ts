/**
 * The state machines of `workflows/*.asl.json`: Standard, logged in full, traced, each with a
 * role that may invoke the functions its definition names and nothing else.
 *
 * Functions start workflows (their ARNs are in the environment and the grants) and workflows
 * invoke functions (their ARNs are substituted into the definitions). To keep CloudFormation
 * free of a cycle, the state machines have fixed names and everyone else uses the ARN built
 * from the name, never a reference to the state machine resource.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CustomerManagedEncryptionConfiguration, DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { functionArnPlaceholder, pascalName } from '../../functions/registry.ts';
import { type WorkflowDefinition, workflowDefinitions, workflowSubstitutions } from '../../workflows/index.ts';
import { acknowledgeWildcard, wildcardUnder } from '../nag.ts';
import type { Functions } from './functions.ts';
import type { OperationalKeys } from './keys.ts';

/** `<stack>-<workflow>`: the state machine's fixed name. */
export function stateMachineName(scope: IConstruct, workflow: string): string {
  return `${Stack.of(scope).stackName}-${workflow}`;
}

/** The ARN of a workflow's state machine, known before (and without referring to) the resource. */
export function stateMachineArn(scope: IConstruct, workflow: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName(scope, workflow),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The distinct `${Name}` placeholders of a definition, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!))];
}

export interface WorkflowsProps {
  readonly functions: Functions;
  /** The workflows key encrypts definitions and execution history; the logs key, their logs. */
  readonly keys: OperationalKeys;
  readonly definitions?: readonly WorkflowDefinition[];
}

export class Workflows extends Construct {
  /** By workflow name (the stem of its ASL file). */
  readonly stateMachines: ReadonlyMap<string, StateMachine>;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const { functions } = props;
    const substitutions = workflowSubstitutions((spec) => functions.of(spec).function.functionArn);

    const stateMachines = new Map<string, StateMachine>();
    for (const definition of props.definitions ?? workflowDefinitions()) {
      const placeholders = placeholdersOf(definition.template);
      const unknown = placeholders.filter((name) => substitutions[name] === undefined);
      if (unknown.length > 0) {
        throw new Error(`workflows/${definition.name}.asl.json uses ${unknown.map((name) => `\${${name}}`).join(', ')}, which no registry function provides`);
      }
      const invoked = functions.all.filter((fn) => placeholders.includes(functionArnPlaceholder(fn.spec)));
      const stem = pascalName(definition);

      // Execution data is logged (ALL): the history of a dispatch is the Secretariat's record of
      // which State was sent what and when. Kept a year, like the functions' logs.
      const logGroup = props.keys.logGroup(this, `${stem}Logs`);
      const role = new Role(this, `${stem}Role`, {
        assumedBy: new ServicePrincipal('states.amazonaws.com'),
        description: `Runs the ${definition.name} workflow`,
      });
      for (const fn of invoked) {
        // The function ARN and its versions and aliases (`:*`): a Task may name either.
        fn.function.grantInvoke(role);
        acknowledgeWildcard(
          role,
          wildcardUnder(fn.function, ':*'),
          `The ${definition.name} workflow invokes ${fn.spec.name} (a Task of its definition), retried on failure; the wildcard spans that function's versions and aliases only.`,
        );
      }

      const stateMachine = new StateMachine(this, stem, {
        stateMachineName: stateMachineName(this, definition.name),
        stateMachineType: StateMachineType.STANDARD,
        // Inline, so that the synthesized template (and its tests) show the definition.
        definitionBody: DefinitionBody.fromString(definition.template),
        definitionSubstitutions: Object.fromEntries(placeholders.map((name) => [name, substitutions[name]!])),
        role,
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
        tracingEnabled: true,
        // Execution history holds the States' names, addresses and the notes sent to them.
        // Five minutes of data-key reuse keeps the KMS calls of a 200-State dispatch few.
        encryptionConfiguration: new CustomerManagedEncryptionConfiguration(props.keys.workflows, Duration.minutes(5)),
      });
      acknowledgeWildcard(
        role,
        'Resource::*',
        'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray tracing (xray:PutTraceSegments and related) support no resource-level permissions.',
      );
      stateMachines.set(definition.name, stateMachine);
    }
    this.stateMachines = stateMachines;
  }
}
