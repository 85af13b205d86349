/**
 * Errors the domain raises on purpose. Each carries the HTTP status the edge maps it to and a
 * message written for the person who has to act on it (a supervisor, an admin).
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, message, details);
  }
}

export class NotAuthenticatedError extends DomainError {
  constructor(message = 'Please sign in.') {
    super(401, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have access to this.') {
    super(403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, `${what} was not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, message, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string) {
    super(429, message);
  }
}
