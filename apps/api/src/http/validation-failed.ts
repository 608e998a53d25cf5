import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { InvalidParam } from '@app/domain/shared/invalid-param';
import { MAX_INVALID_PARAMS } from './max-invalid-params';

/**
 * The 400 of input the api does not take, every problem named, as the validation pipe words it; the
 * detail tells the ones the answer lists (toProblem lists MAX_INVALID_PARAMS and says how many).
 */
export function validationFailed(invalidParams: InvalidParam[]): DomainError {
  const told = invalidParams
    .slice(0, MAX_INVALID_PARAMS)
    .map((p) => `${p.name} ${p.reason}`)
    .join('; ');
  return new DomainError(ErrorCode.ValidationFailed, `The request is not valid: ${told}`.slice(0, 1000), {
    invalidParams,
  });
}
