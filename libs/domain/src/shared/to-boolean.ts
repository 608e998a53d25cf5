import { Transform } from 'class-transformer';

/** Query strings carry "true"/"false"; anything else stays as is and fails @IsBoolean. */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
}
