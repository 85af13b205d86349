import { BadRequestException, StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? [])
    .map((p) => (typeof p === 'object' && p !== null ? (p as { key: PropertyKey }).key : p))
    .map(String)
    .join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * The global pipe: every `@Body/@Query/@Param({ schema })` is validated with its zod schema;
 * the 400 lists each wrong field by name. Schemas are strict objects, so unknown fields fail.
 */
export const validationPipe = new StandardSchemaValidationPipe({
  exceptionFactory: (issues) => new BadRequestException(issues.map(describeIssue).join('; ')),
});
