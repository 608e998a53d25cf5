import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { InvalidParam } from '@app/domain/shared/invalid-param';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { findHostileInput } from './find-hostile-input';
import { lowerCaseUuids } from './lower-case-uuids';
import { repeatedQueryParams } from './repeated-query-params';
import { undocumentedNulls } from './undocumented-nulls';
import { validationFailed } from './validation-failed';

/** Checks of what kind a value is; when one fails, the value's other checks say nothing. */
const KIND_CHECKS = ['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject'];

/**
 * The failed checks worth telling: `quarter=1.5` is not an integer, not "greater than 4";
 * `participantIds: "nope"` is not a list, whatever its values would be. For a list every check is
 * told: its kind checks are its values' (`each`), beside its own size and uniqueness.
 */
function telling(value: unknown, constraints: Record<string, string>): string[] {
  const failed = Object.entries(constraints);
  const wrongKind = Array.isArray(value) ? [] : failed.filter(([check]) => KIND_CHECKS.includes(check));
  return (wrongKind.length ? wrongKind : failed).map(([, reason]) => reason);
}

function flatten(errors: ValidationError[], prefix = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    // A field left out breaks every rule it has ("must be a string; must be shorter than…"): say it
    // is missing instead.
    if (error.value === undefined && error.constraints && !error.children?.length)
      return [{ name, reason: 'is required' }];
    const own = telling(error.value, error.constraints ?? {}).map((reason) => ({
      name,
      reason: reason
        .replace(/^property (\S+) should not exist$/, 'is not a known property')
        .replace(/^All \S+'s elements must be unique$/, 'must not hold the same value twice')
        .replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...flatten(error.children ?? [], name)];
  });
}

/**
 * Refuses what the DTO validation cannot see or name (findHostileInput, a repeated query
 * parameter, a null the schema does not allow) before transforming anything.
 */
class HostileInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const invalidParams = [
        ...(metadata.type === 'query' ? repeatedQueryParams(value) : []),
        ...findHostileInput(value),
      ];
      if (invalidParams.length > 0) throw validationFailed(invalidParams);
    }
    // JSON that is no object (express.json takes arrays): as the parser's refusal of null or 5 says.
    if (metadata.type === 'body' && Array.isArray(value) && metadata.metatype !== Array)
      throw new DomainError(ErrorCode.ValidationFailed, 'The request body must be a JSON object.');
    if (metadata.type === 'body' || metadata.type === 'query') lowerCaseUuids(value, metadata.metatype);
    const nulls = metadata.type === 'body' ? undocumentedNulls(value, metadata.metatype) : [];
    if (nulls.length === 0) return super.transform(value, metadata);
    // Named with every other problem of the body, as one answer.
    let others: InvalidParam[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      others = ((error.extensions?.invalidParams as InvalidParam[] | undefined) ?? []).filter(
        (p) => !nulls.some((n) => n.name === p.name),
      );
    }
    throw validationFailed([...nulls, ...others]);
  }
}

/**
 * Bodies and queries are validated against their DTO: unknown properties are refused, values
 * are converted only where the DTO says so, and every problem is listed in invalidParams.
 */
export function createValidationPipe(): ValidationPipe {
  return new HostileInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value is read only to tell a missing field (flatten); problems never echo it.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
