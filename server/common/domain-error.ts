/**
 * Errors the domain raises on purpose. Each carries the HTTP status the edge maps it to, a
 * message written for the person who has to act on it (a supervisor, an admin), and a stable
 * machine `code` (docs/api.md "Errors") that clients match instead of the words.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly code: string = defaultCodeFor(status),
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The code an error gets when its thrower names none: one per HTTP status. */
export function defaultCodeFor(status: number): string {
  switch (status) {
    case 400: return 'invalid_field';
    case 401: return 'not_authenticated';
    case 403: return 'forbidden_scope';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'rate_limited';
    case 503: return 'unavailable';
    default: return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_field') {
    super(400, message, details, code);
  }
}

export class NotAuthenticatedError extends DomainError {
  constructor(message = 'Please sign in.', code = 'not_authenticated') {
    super(401, message, undefined, code);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have access to this.', code = 'forbidden_scope') {
    super(403, message, undefined, code);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = 'not_found') {
    super(404, `${what} was not found.`, undefined, code);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>, code = 'conflict') {
    super(409, message, details, code);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, code = 'rate_limited') {
    super(429, message, undefined, code);
  }
}
