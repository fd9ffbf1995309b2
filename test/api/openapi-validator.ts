import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import openApiDocument from '../../server/api/openapi.json';

/** Base path of the API; the document's paths are relative to its server URL. */
export const API_SERVER_URL = openApiDocument.servers[0]!.url;

type Json = Record<string, any>;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openApiDocument, 'openapi.json');

/** Every response the tests saw, as "METHOD /path/template STATUS". */
export const observedResponses = new Set<string>();

/** Validates the document itself against the OpenAPI 3.1 JSON Schema; returns the problems. */
export function validateOpenApiDocument(): string[] {
  const schemaPath = require.resolve('@seriousme/openapi-schema-validator/schemas/v3.1/schema.json');
  const oasAjv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(oasAjv);
  // The OpenAPI 3.1 schema uses this format for media types; any string is accepted here.
  oasAjv.addFormat('media-range', true);
  const validate = oasAjv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  if (validate(openApiDocument)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** Lists every documented response as "METHOD /path/template STATUS". */
export function documentedResponses(): string[] {
  const listed: string[] = [];
  for (const [template, operations] of Object.entries(openApiDocument.paths as Json)) {
    for (const [method, operation] of Object.entries(operations as Json)) {
      for (const status of Object.keys(operation.responses)) {
        listed.push(`${method.toUpperCase()} ${template} ${status}`);
      }
    }
  }
  return listed.sort();
}

/** Finds the documented path template of a request path such as /api/v1/invitation-data/deletions/abc. */
export function findPathTemplate(requestPath: string): string | undefined {
  const pathname = new URL(requestPath, 'http://localhost').pathname;
  if (!pathname.startsWith(API_SERVER_URL)) return undefined;
  const relative = pathname.slice(API_SERVER_URL.length);

  return Object.keys(openApiDocument.paths).find((template) => {
    const pattern = template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(relative);
  });
}

/**
 * Checks a real response against the document: the status must be documented for the operation,
 * required headers present, documented headers and the JSON body valid against their schemas.
 * Throws an Error that lists every problem.
 */
export function assertMatchesOpenApi(
  method: string,
  requestPath: string,
  response: { status: number; headers: Headers; body: unknown },
): void {
  const template = findPathTemplate(requestPath);
  if (!template) throw new Error(`${method} ${requestPath}: the path is not in the OpenAPI document`);

  const operation = (openApiDocument.paths as Json)[template][method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template}: the operation is not in the OpenAPI document`);

  const label = `${method.toUpperCase()} ${template} ${response.status}`;
  const responseRef = operation.responses[String(response.status)];
  if (!responseRef) throw new Error(`${label}: the status is not documented`);
  observedResponses.add(label);

  const problems: string[] = [];
  const [documented, documentedPointer] = resolve(
    responseRef,
    `/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${response.status}`,
  );

  for (const [name, headerRef] of Object.entries((documented.headers ?? {}) as Json)) {
    const [header, headerPointer] = resolve(headerRef, `${documentedPointer}/headers/${escapePointer(name)}`);
    const value = response.headers.get(name);
    if (value === null) {
      if (header.required) problems.push(`header ${name} is required but missing`);
      continue;
    }
    const validate = ajv.getSchema(`openapi.json#${headerPointer}/schema`)!;
    if (!validate(value)) problems.push(`header ${name}=${value}: ${ajv.errorsText(validate.errors)}`);
  }

  const content = documented.content?.['application/json'];
  if (content) {
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.startsWith('application/json')) problems.push(`content-type is "${contentType}"`);
    const validate = ajv.getSchema(`openapi.json#${documentedPointer}/content/application~1json/schema`)!;
    if (!validate(response.body)) {
      problems.push(...(validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message}`));
    }
  }

  if (problems.length > 0) {
    throw new Error(`${label} does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}

/** Tells whether a JSON request body is valid against the operation's documented request schema. */
export function matchesRequestSchema(method: string, template: string, body: unknown): boolean {
  const pointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
  return ajv.getSchema(`openapi.json#${pointer}`)!(body) as boolean;
}

/** Follows a local $ref; returns the object and its JSON pointer in the document. */
function resolve(node: Json, pointer: string): [Json, string] {
  if (typeof node.$ref !== 'string') return [node, pointer];
  const target = (node.$ref as string).slice(1);
  const value = target
    .split('/')
    .slice(1)
    .reduce((current: Json, part) => current[part.replaceAll('~1', '/').replaceAll('~0', '~')], openApiDocument);
  return [value, target];
}

function escapePointer(part: string): string {
  return part.replaceAll('~', '~0').replaceAll('/', '~1');
}
