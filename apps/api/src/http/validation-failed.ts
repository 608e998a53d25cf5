import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { InvalidParam } from '@app/domain/shared/invalid-param';

/** The 400 of input the api does not take, every problem named, as the validation pipe words it. */
export function validationFailed(invalidParams: InvalidParam[]): DomainError {
  return new DomainError(
    ErrorCode.ValidationFailed,
    `The request is not valid: ${invalidParams.map((p) => `${p.name} ${p.reason}`).join('; ')}`.slice(
      0,
      1000,
    ),
    { invalidParams },
  );
}
