import { InvalidParam } from '@app/domain/shared/invalid-param';

/** An RFC 9457 problem detail as Leerlus sends it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  invalidParams?: InvalidParam[];
  errorId?: string;
  [extension: string]: unknown;
}
