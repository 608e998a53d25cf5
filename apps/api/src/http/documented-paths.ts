import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Route {
  pattern: RegExp;
  mediaTypes: Map<string, string[]>;
  queryParameters: Map<string, Set<string>>;
  /** The methods that take a request body (a `@Body` parameter: Nest documents it as requestBody). */
  bodies: Set<string>;
  /** The methods that need an API token (a `security` requirement: all but the @Public() ones). */
  secured: Set<string>;
}

/**
 * The paths of the OpenAPI document as the router matches them, with their methods and the media
 * types each method answers with. Every request asks, so the routes are kept by their first
 * segment (`/v1/incidents/…`: those of `incidents`), never a parameter.
 */
export class DocumentedPaths {
  private readonly routesBySegment = new Map<string, Route[]>();

  constructor(document: OpenAPIObject, prefix: string) {
    for (const [path, item] of Object.entries(document.paths)) {
      const route = {
        pattern: pathPattern(prefix + path),
        mediaTypes: new Map(
          METHODS.filter((method) => item[method] !== undefined).map((method) => [
            method.toUpperCase(),
            successMediaTypes(item[method] as OperationObject),
          ]),
        ),
        queryParameters: new Map(
          METHODS.filter((method) => item[method] !== undefined).map((method) => [
            method.toUpperCase(),
            queryParameterNames(item[method] as OperationObject),
          ]),
        ),
        bodies: new Set(
          METHODS.filter((method) => (item[method] as OperationObject | undefined)?.requestBody).map(
            (method) => method.toUpperCase(),
          ),
        ),
        secured: new Set(
          METHODS.filter((method) => (item[method] as OperationObject | undefined)?.security?.length).map(
            (method) => method.toUpperCase(),
          ),
        ),
      };
      const segment = firstSegment(prefix + path);
      this.routesBySegment.set(segment, [...(this.routesBySegment.get(segment) ?? []), route]);
    }
  }

  /** The methods the document lists for a request path (none: the path is not documented). */
  methodsAt(path: string): Set<string> {
    return new Set(this.matching(path).flatMap((route) => [...route.mediaTypes.keys()]));
  }

  /** The media types of a method's successful answers at a request path (none: no body, or not documented). */
  mediaTypesAt(method: string, path: string): string[] {
    const documented = method === 'HEAD' ? 'GET' : method;
    return [...new Set(this.matching(path).flatMap((route) => route.mediaTypes.get(documented) ?? []))];
  }

  /**
   * The query parameters the document lists for a method at a request path; undefined when the
   * document does not have that method there (the router answers it).
   */
  queryParametersAt(method: string, path: string): Set<string> | undefined {
    const documented = method === 'HEAD' ? 'GET' : method;
    const lists = this.matching(path).flatMap((route) => route.queryParameters.get(documented) ?? []);
    return lists.length ? new Set(lists.flatMap((names) => [...names])) : undefined;
  }

  /**
   * Whether the method at a request path takes a body; undefined when the document does not have
   * that method there (the router answers it).
   */
  takesBodyAt(method: string, path: string): boolean | undefined {
    const documented = method === 'HEAD' ? 'GET' : method;
    const routes = this.matching(path).filter((route) => route.mediaTypes.has(documented));
    return routes.length ? routes.some((route) => route.bodies.has(documented)) : undefined;
  }

  /** Whether the method at a request path needs an API token (false: public, or not documented). */
  requiresTokenAt(method: string, path: string): boolean {
    const documented = method === 'HEAD' ? 'GET' : method;
    return this.matching(path).some((route) => route.secured.has(documented));
  }

  private matching(path: string): Route[] {
    return (this.routesBySegment.get(firstSegment(path)) ?? []).filter((route) => route.pattern.test(path));
  }
}

/** `incidents` of `/v1/incidents/{id}` (the prefix has one segment). */
function firstSegment(path: string): string {
  return path.split('/', 3)[2] ?? '';
}

function successMediaTypes(operation: OperationObject): string[] {
  return Object.entries(operation.responses ?? {})
    .filter(([status]) => status.startsWith('2'))
    .flatMap(([, response]) => Object.keys((response as ResponseObject).content ?? {}));
}

function queryParameterNames(operation: OperationObject): Set<string> {
  return new Set(
    (operation.parameters ?? [])
      .filter((parameter) => (parameter as ParameterObject).in === 'query')
      .map((parameter) => (parameter as ParameterObject).name),
  );
}

/** `/v1/incidents/{id}` as a pattern: any segment for a parameter. */
function pathPattern(template: string): RegExp {
  const segments = template
    .split('/')
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}$`);
}
