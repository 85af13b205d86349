import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { defaultCodeFor, DomainError } from './domain-error';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  [key: string]: unknown;
}

const reasonPhrase = (status: number): string =>
  (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** Postgres errors that mean the input was wrong, not the server. */
const clientPgCodes: Record<string, string> = {
  '22P02': 'A value has the wrong format.',
  '22003': 'A number is out of range.',
  '22007': 'A date or time is not valid.',
  '22008': 'A date or time is out of range.',
  '23503': 'It refers to something that does not exist.',
  '23505': 'It already exists.',
  '23514': 'A value is outside what is allowed.',
};

/** The one place where errors become the `{ statusCode, error, message, code }` body of docs/api.md "Errors". */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: reasonPhrase(exception.status), message: exception.message, code: exception.code, ...exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message: string = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      if (status === 413) message = 'The request is too large.';
      const code = status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message) ? 'no_route' : defaultCodeFor(status);
      return { statusCode: status, error: reasonPhrase(status), message, code };
    }
    const pgCode = (exception as { code?: unknown })?.code;
    if (typeof pgCode === 'string' && clientPgCodes[pgCode]) {
      const detail = (exception as { detail?: string }).detail;
      const status = pgCode === '23505' ? 409 : 400;
      return { statusCode: status, error: reasonPhrase(status), message: detail ? `${clientPgCodes[pgCode]} ${detail}` : clientPgCodes[pgCode], code: defaultCodeFor(status) };
    }
    // body-parser and multer raise errors carrying a status (bad JSON, payload too large).
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const msg = status === 413 ? 'The request is too large.' : (exception as Error).message || reasonPhrase(status);
      return { statusCode: status, error: reasonPhrase(status), message: msg, code: defaultCodeFor(status) };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side. It has been logged.', code: 'internal_error' };
  }
}
