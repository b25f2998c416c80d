/**
 * The local engine's fixed default ports, each overridable by an environment variable, so that
 * URLs in the README and in a browser's history stay valid from one run to the next.
 */

export const services = ['api', 'dynamodb', 's3', 'ses', 'cognito', 'stepfunctions', 'smtp'] as const;
export type Service = (typeof services)[number];

export const defaultPorts: Readonly<Record<Service, number>> = {
  api: 4510,
  dynamodb: 4511,
  s3: 4512,
  ses: 4513,
  cognito: 4514,
  stepfunctions: 4515,
  smtp: 2525,
};

/** `MPR_PORT_<SERVICE>` (e.g. MPR_PORT_API=8080) overrides a default; 0 picks a free port. */
export function portsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): Record<Service, number> {
  const ports = { ...defaultPorts };
  for (const service of services) {
    const value = environment[`MPR_PORT_${service.toUpperCase()}`];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`MPR_PORT_${service.toUpperCase()} must be a port number, not ${value}`);
    ports[service] = port;
  }
  return ports;
}
