/** The stack's name: the CDK app deploys it, the CLI finds its outputs by it. */
export const stackName = 'MissionProtectionReporting';
