import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMPRESS_THRESHOLD_BYTES } from './common/http/precompressed-body';
import { validationPipe } from './common/zod-validation';
import { loadEnv, projectRoot, type TrustProxy } from './config/env';
import { rateLimit } from './common/rate-limit';
import { SESSION_COOKIE } from './modules/auth/auth.constants';

export const JSON_BODY_LIMIT = '2mb';
/** Pushed batches (POST /api/ingest/:kind) may be larger than other JSON bodies: docs/automation.md. */
export const PUSH_BODY_LIMIT = '16mb';

export interface AppSetupOptions {
  /** Comma list of origins allowed to call the API from a browser (CALLSCOPE_CORS_ORIGIN). */
  corsOrigin?: string;
  /** API requests per client per minute (CALLSCOPE_RATE_LIMIT_PER_MINUTE); 0 = no limit. */
  rateLimitPerMinute?: number;
  /** The proxies whose forwarded headers are believed (CALLSCOPE_TRUST_PROXY). */
  trustProxy?: TrustProxy;
}

/** Everything between the Nest app and the wire; the server and the tests use this same set-up. */
export function configureApp(app: INestApplication, options: AppSetupOptions = {}): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  // req.ip (sign-in throttling, audit) and req.secure (the session cookie's `secure`) come from
  // X-Forwarded-For/-Proto only when the proxy that sent them is trusted.
  http.set('trust proxy', options.trustProxy ?? loadEnv().CALLSCOPE_TRUST_PROXY);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe);
  // br or gzip for every answer over ~1 KB (a body already encoded, as the KPI answers are, passes through).
  app.use(compression({ threshold: COMPRESS_THRESHOLD_BYTES }));
  app.use(cookieParser());
  app.use(rateLimit(options.rateLimitPerMinute ?? loadEnv().CALLSCOPE_RATE_LIMIT_PER_MINUTE, SESSION_COOKIE));
  // The first JSON parser to read a body wins: the push routes' larger limit comes first.
  app.use('/api/ingest', express.json({ limit: PUSH_BODY_LIMIT }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: JSON_BODY_LIMIT }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Recharts and the OpenAPI page set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (options.corsOrigin) app.enableCors({ origin: options.corsOrigin.split(','), credentials: true });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Callscope API').setDescription('QA and KPI analytics for contact centers').setVersion('1').addBearerAuth().addCookieAuth('callscope_session').build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  serveWebApp(http);
}

/** The built dashboard (dist/web) on `/`, with client-side routes falling back to index.html. */
function serveWebApp(http: express.Express): void {
  const webDir = join(projectRoot(), 'dist', 'web');
  if (!existsSync(join(webDir, 'index.html'))) return;
  const assets = express.static(webDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  const isApi = (req: Request) => req.path.startsWith('/api/') || req.path === '/api';
  // API requests skip the file system: the static middleware runs before the API's routes and would stat a file for each.
  http.use((req: Request, res: Response, next: NextFunction) => (isApi(req) ? next() : assets(req, res, next)));
  http.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || isApi(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(webDir, 'index.html'));
  });
}

function noCacheForHtml(res: Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
