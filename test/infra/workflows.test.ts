import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions, functionArnPlaceholder, pascalName } from '../../functions/registry.ts';
import { placeholdersOf } from '../../infra/constructs/workflows.ts';
import { type WorkflowDefinition, workflowDefinitions } from '../../workflows/index.ts';
import type { SynthesizedStack } from './support.ts';
import { actionsIn, logicalIdIn, type Resource, rendered, resourcesIn, sharedStack, statementsFor, synthTimeout } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

const definitions = workflowDefinitions();
const eachDefinition = definitions.map((definition) => [definition.name, definition] as const);

function stateMachineOf(definition: WorkflowDefinition): Resource {
  return stack.only('AWS::StepFunctions::StateMachine', (machine) => machine.Properties['StateMachineName'] === `${stack.stackName}-${definition.name}`)[1];
}

/** The registry functions whose ARN placeholder the definition uses. */
function invokedBy(definition: WorkflowDefinition): typeof allFunctions {
  const placeholders = placeholdersOf(definition.template);
  return allFunctions.filter((spec) => placeholders.includes(functionArnPlaceholder(spec)));
}

type State = { Type: string; TimeoutSeconds?: number; ItemProcessor?: Machine; Iterator?: Machine; Branches?: Machine[] };
type Machine = { States: Record<string, State> };

/** Every state of a definition, nested Map and Parallel states included, by name. */
function allStates(machine: Machine): [string, State][] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].flatMap((inner) => (inner ? allStates(inner) : [])),
  ]);
}

describe('state machines', () => {
  it('are one per workflow definition, and no more', () => {
    expect(definitions.map((d) => d.name).sort()).toEqual(['circular-dispatch', 'circulation', 'reminder', 'resend', 'withdrawal']);
    expect(stack.ofType('AWS::StepFunctions::StateMachine')).toHaveLength(definitions.length);
  });

  it.each(eachDefinition)('%s is a Standard state machine named after its stack and file, with the definition inline', (_name, definition) => {
    const machine = stateMachineOf(definition);
    expect(machine.Properties['StateMachineType']).toBe('STANDARD');
    expect(machine.Properties['DefinitionString']).toBe(definition.template);
  });

  it.each(eachDefinition)('%s has every placeholder substituted by the ARN of the function it names', (_name, definition) => {
    const machine = stateMachineOf(definition);
    const substitutions = machine.Properties['DefinitionSubstitutions'] as Record<string, unknown>;
    const placeholders = placeholdersOf(definition.template);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(Object.keys(substitutions).sort()).toEqual([...placeholders].sort());
    for (const spec of invokedBy(definition)) {
      expect(substitutions[functionArnPlaceholder(spec)], spec.name).toEqual({ 'Fn::GetAtt': [stack.functionOf(spec)[0], 'Arn'] });
    }
    // What Step Functions will run: CloudFormation's substitution leaves no placeholder behind.
    const definitionRun = definition.template.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
      name in substitutions ? rendered(substitutions[name]) : whole,
    );
    expect(definitionRun).not.toContain('${');
  });

  it.each(eachDefinition)('%s invokes only functions that declare a workflow-task trigger', (_name, definition) => {
    for (const spec of invokedBy(definition)) {
      expect(
        spec.triggers.some((trigger) => trigger.kind === 'workflow-task'),
        spec.name,
      ).toBe(true);
    }
  });

  it.each(eachDefinition)('%s logs everything, execution data included, to a log group kept a year, and is traced', (_name, definition) => {
    const machine = stateMachineOf(definition);
    const logging = machine.Properties['LoggingConfiguration'] as {
      Level: string;
      IncludeExecutionData: boolean;
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[];
    };
    expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
    const logGroup = stack.resource(logging.Destinations[0]!.CloudWatchLogsLogGroup.LogGroupArn);
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties['RetentionInDays']).toBe(365);
    expect(machine.Properties['TracingConfiguration']).toEqual({ Enabled: true });
  });

  it.each(eachDefinition)('%s times out as a whole and in every Task', (_name, definition) => {
    const machine = JSON.parse(definition.template) as Machine & { TimeoutSeconds?: number };
    expect(machine.TimeoutSeconds).toBeGreaterThan(0);
    const tasks = allStates(machine).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(task.TimeoutSeconds!, name).toBeLessThanOrEqual(machine.TimeoutSeconds!);
    }
  });

  it.each(eachDefinition)('%s runs as a role that may invoke exactly the functions its definition uses', (_name, definition) => {
    const machine = stateMachineOf(definition);
    const roleId = logicalIdIn(machine.Properties['RoleArn'])!;
    expect(JSON.stringify(stack.resources[roleId]!.Properties['AssumeRolePolicyDocument'])).toContain('states.amazonaws.com');
    const statements = stack.statementsOfRole(roleId);

    const invoke = statementsFor(statements, 'lambda:');
    expect([...new Set(actionsIn(invoke))]).toEqual(['lambda:InvokeFunction']);
    const expected = invokedBy(definition).flatMap((spec) => {
      const arn = `<${stack.functionOf(spec)[0]}.Arn>`;
      return [arn, `${arn}:*`];
    });
    expect(resourcesIn(invoke).sort()).toEqual(expected.sort());

    // Besides invoking: log delivery and tracing, which name no resource, and the workflows key
    // its execution history is encrypted with.
    const others = statements.filter((statement) => !invoke.includes(statement));
    expect(
      actionsIn(others).every((action) => ['logs:', 'xray:', 'kms:'].some((prefix) => action.startsWith(prefix))),
      actionsIn(others).join(),
    ).toBe(true);
    const keyIds = new Set(resourcesIn(statementsFor(others, 'kms:')));
    expect([...keyIds]).toEqual([rendered((machine.Properties['EncryptionConfiguration'] as { KmsKeyId: unknown }).KmsKeyId)]);
  });

  it('publish their ARNs as stack outputs', () => {
    for (const definition of definitions) {
      const output = stack.outputs[`${pascalName(definition)}StateMachineArn`];
      const [machineId] = stack.only('AWS::StepFunctions::StateMachine', (machine) => machine === stateMachineOf(definition));
      expect(output?.Value).toEqual({ Ref: machineId });
    }
  });
});
