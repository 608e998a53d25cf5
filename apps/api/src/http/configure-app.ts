import { AppConfig, trustProxySetting } from '@app/config';
import { isUtf8 } from 'node:buffer';
import { requestContext } from '@app/domain/shared/request-context';
import { INestApplication, Logger, MethodNotAllowedException, NotAcceptableException } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { ApiMetrics } from '../metrics/api-metrics.service';
import { timeRequests } from '../metrics/time-requests';
import { buildOpenApi } from '../openapi/build-openapi';
import { answerClientError } from './answer-client-error';
import { AuthGuard } from './auth.guard';
import { authenticateBeforeRefusing } from './authenticate-before-refusing';
import { API_VERSION } from './api-version';
import { bestMediaType } from './best-media-type';
import { JSON_MEDIA_TYPES } from './json-media-types';
import { DocumentedPaths } from './documented-paths';
import { evaluateConditionsAsOrigin } from './evaluate-conditions-as-origin';
import { LocationOfCreated } from './location-of-created.interceptor';
import { methodNotAllowed } from './method-not-allowed';
import { sendProblem } from './problem-details.filter';
import { corsOptions } from './cors-options';
import { refuseMalformedPath } from './refuse-malformed-path';
import { refuseBodyWhereNoneIsTaken } from './refuse-body-where-none-is-taken';
import { refuseMalformedQuery } from './refuse-malformed-query';
import { refuseNonJsonBody } from './refuse-non-json-body';
import { refuseUnacceptable } from './refuse-unacceptable';
import { refuseUndocumentedQuery } from './refuse-undocumented-query';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Everything that makes the api follow the API rules, applied in one place so main.ts and the
 * tests build the same app: headers, body limit, request ids, the OpenAPI document and docs.
 */
export function configureApp(nest: INestApplication): void {
  const app = nest as NestExpressApplication;
  const config = app.get(AppConfig);
  const logger = new Logger('Http');

  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  // One URL per resource (API rule /core/no-trailing-slash): /v1/incidents/ and /v1/Incidents are
  // 404. Nest made Express's router already; its routes are added at init and take these flags.
  const router = (app.getHttpAdapter().getInstance() as express.Express).router as unknown as {
    strict: boolean;
    caseSensitive: boolean;
  };
  router.strict = true;
  router.caseSensitive = true;
  evaluateConditionsAsOrigin(app.getHttpAdapter().getInstance() as express.Express);
  app.disable('x-powered-by');
  // Strong ETags (of the bytes sent): If-Match compares strongly (RFC 9110 §13.1.1), so Express's
  // default weak ones could never match it. If-None-Match compares weakly and answers 304 as before.
  app.set('etag', 'strong');
  app.enableShutdownHooks();
  app.setGlobalPrefix('v1', { exclude: ['metrics'] });

  app.use(timeRequests(app.get(ApiMetrics)));
  // As browsers send an origin: https://x:443 is https://x.
  if (config.CORS_ORIGINS)
    app.enableCors(corsOptions(config.CORS_ORIGINS.split(',').map((origin) => new URL(origin).origin)));
  // A request id from a proxy TRUST_PROXY trusts (a gateway tracing the request) is kept; from
  // anyone else it is not, as it goes into the audit log: a client could pass as another request.
  const trusted = (app.getHttpAdapter().getInstance() as express.Express).get('trust proxy fn') as (
    address: string | undefined,
    hop: number,
  ) => boolean;
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.id =
      typeof incoming === 'string' && REQUEST_ID.test(incoming) && trusted(req.socket.remoteAddress, 0)
        ? incoming
        : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    res.setHeader('API-Version', API_VERSION);
    requestContext.run({ requestId: req.id }, next);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          // Browsers would fetch the Swagger UI's own scripts over https from an api served over
          // plain http (a test or office installation) and show a blank page; behind TLS it adds nothing.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  const document = buildOpenApi(app);
  const documented = new DocumentedPaths(document, '/v1');
  app.use(methodNotAllowed(documented));
  app.use(refuseMalformedPath(documented));
  app.use(refuseUnacceptable(documented));
  app.use(refuseMalformedQuery);
  app.use(refuseUndocumentedQuery(documented));
  app.useGlobalInterceptors(new LocationOfCreated(documented));
  app.use(refuseBodyWhereNoneIsTaken(documented));
  app.use(refuseNonJsonBody);
  app.use(express.json({ limit: '1mb', type: JSON_MEDIA_TYPES, verify: refuseInvalidUtf8 }));
  // What the middlewares above refuse (body-parser errors too: too large, malformed JSON) happens
  // before Nest sees the request, and so before its AuthGuard: authentication still answers first.
  app.use(authenticateBeforeRefusing(documented, app.get(AuthGuard), logger));

  app.getHttpServer().on('clientError', answerClientError);

  const body = JSON.stringify(document);
  const OPENAPI_MEDIA_TYPES = ['application/json', 'application/vnd.oai.openapi+json'];
  (app.getHttpAdapter().getInstance() as express.Express)
    .route('/v1/openapi.json')
    .get((req: Request, res: Response) => {
      // Public, and readable from any origin (API rule /core/publish-openapi): tools and portals fetch it.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      // Its media type follows Accept: a cache keeps one per Accept (RFC 9110 §12.5.5).
      res.vary('Accept');
      // JSON, also under the OpenAPI media type: an Accept that allows neither gets 406, as elsewhere.
      const mediaType = req.headers.accept
        ? bestMediaType(req.headers.accept, OPENAPI_MEDIA_TYPES)
        : 'application/json';
      if (!mediaType) {
        const refusal = new NotAcceptableException(
          `This resource is available as ${OPENAPI_MEDIA_TYPES.join(' or ')} only.`,
        );
        sendProblem(refusal, req, res, logger);
        return;
      }
      res.type(mediaType).send(body);
    })
    // Not in the document itself, so methodNotAllowed does not know it: the same 405 and Allow here.
    .all((req: Request, res: Response) => {
      const allow = 'GET, HEAD, OPTIONS';
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      const refusal = `${req.method} is not allowed here; this resource allows ${allow}.`;
      sendProblem(new MethodNotAllowedException(refusal), req, res, logger);
    });
  SwaggerModule.setup('v1/docs', app, document, {
    useGlobalPrefix: false,
    jsonDocumentUrl: 'v1/docs/openapi.json',
    customSiteTitle: 'Leerlus API',
  });
}

/**
 * JSON is UTF-8 (RFC 8259): the parser would store a byte that is not as U+FFFD (�) without a word;
 * a body with such bytes is refused instead.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body))
    throw Object.assign(new Error('The request body is not valid UTF-8.'), {
      type: 'entity.encoding.invalid',
    });
}
