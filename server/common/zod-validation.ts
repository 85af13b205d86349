import { ArgumentMetadata, BadRequestException, StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { BadInputError } from './domain-error';
import { findInputProblem } from './input-guard';

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? [])
    .map((p) => (typeof p === 'object' && p !== null ? (p as { key: PropertyKey }).key : p))
    .map(String)
    .join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

const GUARDED: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);

/**
 * The global pipe: every `@Body/@Query/@Param({ schema })` is validated with its zod schema;
 * the 400 lists each wrong field by name. Schemas are strict objects, so unknown fields fail.
 * Before any schema runs, every body, query and path value is checked for NUL characters and
 * nesting depth (input-guard.ts), for all routes at once.
 */
class GuardedValidationPipe extends StandardSchemaValidationPipe {
  override async transform<T = any>(value: T, metadata: ArgumentMetadata): Promise<T> {
    if (GUARDED.has(metadata.type)) {
      const problem = findInputProblem(metadata.data && typeof metadata.data === 'string' ? { [metadata.data]: value } : value);
      if (problem) throw new BadInputError(problem.path ? `${problem.path}: ${problem.message}` : problem.message);
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new GuardedValidationPipe({
  exceptionFactory: (issues) => new BadRequestException(issues.map(describeIssue).join('; ')),
});
