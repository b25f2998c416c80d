/**
 * Entry point of the CDK CLI (`cdk.json`: `node infra/app.ts`).
 */
import { buildApp } from './build-app.ts';

const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];

buildApp({ env: { account, region } }).app.synth();
