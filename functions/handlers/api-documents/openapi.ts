/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the function registry (every route,
 * whether it needs a token) and from the zod schemas the handlers validate and answer with, so
 * that it cannot describe another API than the one that runs.
 */
import * as z from 'zod/mini';
import { draftInputSchema, draftSchema } from '../../core/drafts.ts';
import { submissionBodySchema } from '../../core/submissions.ts';
import {
  attachmentDescriptionSchema,
  attachmentUploadSchema,
  callerSchema,
  decisionRequestSchema,
  focalPointChangeSchema,
  focalPointListSchema,
  focalPointSchema,
  healthReportSchema,
  idempotencyKeySchema,
  newFocalPointSchema,
  obligationsSchema,
  problemSchema,
  receiptSchema,
  submissionListSchema,
  submissionViewSchema,
  uploadedAttachmentFields,
  withdrawalRequestSchema,
} from '../../intake/api-schemas.ts';
import { maxSubmissionBytes } from '../../intake/submission-request.ts';
import { allFunctions, type FunctionSpec, type functionRegistry, type HttpMethod } from '../../registry.ts';
import type { RouteKeyOf } from '../../runtime/routes.ts';

type JsonSchema = Record<string, unknown>;
type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/** A schema to embed in the document (OpenAPI 3.1 uses JSON Schema 2020-12 throughout). */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output', override?: Override): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', ...(override ? { override } : {}) });
  return rest;
}

/** The report form with, on each attachment, the key of the file uploaded for it. */
function submissionRequestSchema(): JsonSchema {
  const keySchema = jsonSchema(uploadedAttachmentFields.key, 'input');
  return jsonSchema(submissionBodySchema, 'input', ({ zodSchema, jsonSchema: attachment }) => {
    if (zodSchema !== attachmentDescriptionSchema) return;
    attachment.properties = { ...attachment.properties, key: keySchema };
    attachment.required = [...(attachment.required ?? []), 'key'];
  });
}

const schemas = {
  SubmissionRequest: submissionRequestSchema(),
  Receipt: jsonSchema(receiptSchema, 'output'),
  SubmissionView: jsonSchema(submissionViewSchema, 'output'),
  SubmissionList: jsonSchema(submissionListSchema, 'output'),
  Obligations: jsonSchema(obligationsSchema, 'output'),
  AttachmentRequest: jsonSchema(attachmentDescriptionSchema, 'input'),
  AttachmentUpload: jsonSchema(attachmentUploadSchema, 'output'),
  Caller: jsonSchema(callerSchema, 'output'),
  NewFocalPoint: jsonSchema(newFocalPointSchema, 'input'),
  FocalPoint: jsonSchema(focalPointSchema, 'output'),
  FocalPointList: jsonSchema(focalPointListSchema, 'output'),
  FocalPointChange: jsonSchema(focalPointChangeSchema, 'input'),
  DecisionRequest: jsonSchema(decisionRequestSchema, 'input'),
  WithdrawalRequest: jsonSchema(withdrawalRequestSchema, 'input'),
  HealthReport: jsonSchema(healthReportSchema, 'output'),
  Problem: jsonSchema(problemSchema, 'output'),
  DraftRequest: jsonSchema(draftInputSchema, 'input'),
  Draft: jsonSchema(draftSchema, 'output'),
  DraftList: jsonSchema(z.object({ state: z.string(), drafts: z.array(draftSchema) }), 'output'),
} as const;

type SchemaName = keyof typeof schemas;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

interface Response {
  readonly description: string;
  readonly content?: Record<string, { schema: JsonSchema }>;
  readonly headers?: Record<string, { description: string; schema: JsonSchema }>;
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };

function jsonResponse(description: string, schema: SchemaName, headers?: Response['headers']): Response {
  return { description, content: { 'application/json': { schema: ref(schema) } }, ...(headers ? { headers } : {}) };
}

function problemResponse(description: string, headers?: Response['headers']): Response {
  return { description, content: { 'application/problem+json': { schema: ref('Problem') } }, ...(headers ? { headers } : {}) };
}

interface Operation {
  readonly summary: string;
  readonly parameters?: readonly JsonSchema[];
  readonly requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  readonly responses: Record<string, Response>;
}

/** Every route of the API, as the registry declares them. */
type ApiRoute = { [K in keyof typeof functionRegistry]: RouteKeyOf<(typeof functionRegistry)[K]> }[keyof typeof functionRegistry];

/** What the registry does not say about each route: its request and response shapes. A route without them is a compile error. */
const operations: Readonly<Record<ApiRoute, Operation>> = {
  'POST /v1/submissions': {
    summary: 'Submit a report, follow-up report or views of the signed-in user’s State.',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: jsonSchema(idempotencyKeySchema, 'input'),
        description: z.globalRegistry.get(idempotencyKeySchema)?.description,
      },
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { ...ref('SubmissionRequest'), description: `At most ${maxSubmissionBytes} bytes.` } } },
    },
    responses: {
      201: jsonResponse('Recorded; the receipt, with the reference to quote.', 'Receipt', {
        Location: { description: 'The submission’s URL.', schema: { type: 'string' } },
      }),
      200: jsonResponse('A retry with an Idempotency-Key already used: the receipt of the first submission.', 'Receipt'),
      400: problemResponse('Invalid fields (`errors` names each by JSON pointer), broken JSON or an invalid Idempotency-Key; nothing was recorded.'),
      403: problemResponse('The user is not a focal point of a State, or an attachment is not under its State’s uploads.'),
      409: problemResponse('A request with the same Idempotency-Key is still being processed.', retryAfter),
      413: problemResponse('The body is too large.'),
      415: problemResponse('The body is not application/json.'),
      422: problemResponse('The Idempotency-Key was used for a submission with other contents.'),
      429: problemResponse('The State submitted too often in the last minute.', retryAfter),
      503: problemResponse('Recorded, but circulation could not be started: retry with the same Idempotency-Key.', retryAfter),
    },
  },
  'GET /v1/submissions': {
    summary: 'The State’s submissions, newest first.',
    responses: { 200: jsonResponse('Receipts of the State’s submissions.', 'SubmissionList') },
  },
  'GET /v1/submissions/{reference}': {
    summary: 'One of the State’s submissions, with what was submitted.',
    responses: { 200: jsonResponse('The submission.', 'SubmissionView'), 404: problemResponse('The State has no submission with this reference.') },
  },
  'GET /v1/obligations': {
    summary: 'The reports the State owes now, overdue first.',
    responses: { 200: jsonResponse('What the State owes.', 'Obligations') },
  },
  'POST /v1/submissions/{reference}/decisions': {
    summary: 'Secretariat only: set one of the three decisions on a submission (circulate, publish the full text, summarize), with the reason.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('DecisionRequest') } } },
    responses: {
      200: { description: 'The decision recorded (or already so: `changed` false).', content: { 'application/json': { schema: { type: 'object' } } } },
      400: problemResponse('The body names no decision, value or reason.'),
      403: problemResponse('The caller is not of the Secretariat.'),
      404: problemResponse('There is no submission with this reference.'),
      409: problemResponse('The decision no longer applies: e.g. a report already circulated cannot be un-circulated.'),
    },
  },
  'POST /v1/submissions/{reference}/withdrawal': {
    summary: 'Secretariat only: withdraw a submission found to be forged or sent in error; the States that received it are told.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('WithdrawalRequest') } } },
    responses: {
      200: { description: 'Withdrawn.', content: { 'application/json': { schema: { type: 'object' } } } },
      400: problemResponse('The body gives no reason.'),
      403: problemResponse('The caller is not of the Secretariat.'),
      404: problemResponse('There is no submission with this reference.'),
      409: problemResponse('Already withdrawn.'),
    },
  },
  'POST /v1/attachments': {
    summary: 'Describe a file to attach and receive a presigned upload for it.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('AttachmentRequest') } } },
    responses: {
      201: jsonResponse('Where and how to PUT the file; cite `key` in the submission.', 'AttachmentUpload'),
      400: problemResponse('The description breaks the attachment rules (type, name ending, size, digest).'),
      413: problemResponse('The body is too large.'),
      415: problemResponse('The body is not application/json.'),
    },
  },
  'GET /v1/drafts': {
    summary: 'The drafts of the State’s reports, most recently saved first.',
    responses: { 200: jsonResponse('The State’s drafts.', 'DraftList') },
  },
  'POST /v1/drafts': {
    summary: 'Save a new draft: the portal form’s fields as typed, unchecked.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('DraftRequest') } } },
    responses: {
      201: jsonResponse('Saved.', 'Draft', { Location: { description: 'The draft’s URL.', schema: { type: 'string' } } }),
      400: problemResponse('Invalid fields, or too large.'),
      409: problemResponse('The State has as many drafts as it may keep.'),
      413: problemResponse('The body is too large.'),
      415: problemResponse('The body is not application/json.'),
    },
  },
  'GET /v1/drafts/{id}': {
    summary: 'One of the State’s drafts.',
    responses: { 200: jsonResponse('The draft.', 'Draft'), 404: problemResponse('The State has no such draft.') },
  },
  'PUT /v1/drafts/{id}': {
    summary: 'Replace one of the State’s drafts.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('DraftRequest') } } },
    responses: {
      200: jsonResponse('Saved.', 'Draft'),
      400: problemResponse('Invalid fields, or too large.'),
      404: problemResponse('The State has no such draft.'),
      413: problemResponse('The body is too large.'),
      415: problemResponse('The body is not application/json.'),
    },
  },
  'DELETE /v1/drafts/{id}': {
    summary: 'Delete one of the State’s drafts (submitting it from the portal does).',
    responses: { 204: { description: 'Deleted.' }, 404: problemResponse('The State has no such draft.') },
  },
  'GET /portal': {
    summary: 'The missions’ portal: sign in, see the State’s submissions and obligations, submit reports.',
    responses: { 200: { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
  'GET /portal/{asset}': {
    summary: 'The portal’s script (app.js), style sheet (app.css) and the names of States (states.json).',
    responses: {
      200: {
        description: 'The file.',
        content: {
          'text/javascript': { schema: { type: 'string' } },
          'text/css': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'object' } },
        },
      },
      404: problemResponse('No such file.'),
    },
  },
  'GET /v1/focal-points': {
    summary: 'The focal points of the caller’s State (the Secretariat names the State).',
    parameters: [
      {
        name: 'state',
        in: 'query',
        required: false,
        schema: { type: 'string' },
        description: 'For the Secretariat: the State whose focal points to list, e.g. FRA.',
      },
    ],
    responses: {
      200: jsonResponse('The State’s focal points.', 'FocalPointList'),
      400: problemResponse('The Secretariat named no State, or not a State code.'),
    },
  },
  'POST /v1/focal-points': {
    summary: 'Add a focal point (or a mission administrator) to the caller’s State; Cognito e-mails the invitation.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('NewFocalPoint') } } },
    responses: {
      201: jsonResponse('Added; the invitation is on its way.', 'FocalPoint', {
        Location: { description: 'The focal point’s URL.', schema: { type: 'string' } },
      }),
      400: problemResponse('Invalid fields (`errors` names each by JSON pointer) or broken JSON; nothing was added.'),
      403: problemResponse('The caller is not its mission’s administrator, or names another State.'),
      409: problemResponse('A user with this name or address exists already.'),
    },
  },
  'PATCH /v1/focal-points/{username}': {
    summary: 'Disable or enable a focal point of the caller’s State (`{"enabled": false}`): disabling signs it out everywhere and refuses its tokens at once.',
    requestBody: { required: true, content: { 'application/json': { schema: ref('FocalPointChange') } } },
    responses: {
      200: jsonResponse('Changed.', 'FocalPoint'),
      400: problemResponse('The body is not `{"enabled": true|false}`.'),
      404: problemResponse('The State has no focal point of this name.'),
      409: problemResponse('Callers cannot disable their own account.'),
    },
  },
  'DELETE /v1/focal-points/{username}': {
    summary: 'Remove a focal point of the caller’s State: its account is deleted.',
    responses: {
      204: { description: 'Removed.' },
      404: problemResponse('The State has no focal point of this name.'),
      409: problemResponse('Callers cannot remove their own account.'),
    },
  },
  'GET /v1/openapi.json': {
    summary: 'This document.',
    responses: { 200: { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
  'GET /v1/form': {
    summary: 'A form to submit a report from a browser, without writing code.',
    responses: { 200: { description: 'The form.', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
  'GET /v1/whoami': {
    summary: 'The State and roles the caller’s token carries.',
    responses: { 200: jsonResponse('The caller.', 'Caller') },
  },
  'GET /v1/health': {
    summary: 'Whether the system reaches its table and evidence bucket.',
    responses: { 200: jsonResponse('Healthy.', 'HealthReport'), 503: jsonResponse('Degraded.', 'HealthReport') },
  },
};

const unauthorized: Response = {
  description: 'No valid token (answered by the API’s JWT authorizer, before any function).',
  content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } } },
};

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function operationId(method: HttpMethod, path: string): string {
  const words = [method.toLowerCase(), ...path.split(/[^A-Za-z0-9]+/).filter(Boolean)];
  return words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

function operationFor(spec: FunctionSpec, method: HttpMethod, path: string, auth: 'jwt' | 'none'): JsonSchema {
  const described: Operation | undefined = operations[`${method} ${path}` as ApiRoute];
  if (!described) throw new Error(`the registry's route ${method} ${path} is not described here`);
  const { parameters = [], ...rest } = described;
  return {
    operationId: operationId(method, path),
    description: spec.description,
    tags: [spec.name],
    ...rest,
    parameters: [...pathParameters(path), ...parameters],
    security: auth === 'jwt' ? [{ focalPointToken: [] }] : [],
    responses: {
      ...rest.responses,
      ...(auth === 'jwt' ? { 401: unauthorized, 403: rest.responses[403] ?? problemResponse('The token’s user may not do this.') } : {}),
      500: problemResponse('An unexpected fault; quote the request id in `detail` to the Secretariat.'),
    },
  };
}

export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of allFunctions) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== 'http') continue;
      paths[trigger.path] = { ...paths[trigger.path], [trigger.method.toLowerCase()]: operationFor(spec, trigger.method, trigger.path, trigger.auth) };
    }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Protection of diplomatic and consular missions: reporting API',
      // The API's version is the one in its paths (/v1).
      version: '1',
      description:
        'States submit reports of serious violations of the protection, security and safety of diplomatic and consular missions and representatives, follow-up reports and views, under the General Assembly’s resolution on the item. Sign in as a focal point of your State and send its ID token as a bearer token.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        focalPointToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The ID token of a user of the focal points’ user pool; it names the user’s State (custom:state) and roles (cognito:groups).',
        },
      },
    },
  };
}
