import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The paths of the OpenAPI document as the router matches them, with their methods. */
export class DocumentedPaths {
  private readonly routes: { pattern: RegExp; methods: string[] }[];

  constructor(document: OpenAPIObject, prefix: string) {
    this.routes = Object.entries(document.paths).map(([path, item]) => ({
      pattern: pathPattern(prefix + path),
      methods: METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase()),
    }));
  }

  /** The methods the document lists for a request path (none: the path is not documented). */
  methodsAt(path: string): Set<string> {
    return new Set(this.routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods));
  }
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
