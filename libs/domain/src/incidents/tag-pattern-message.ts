import { ValidationArguments } from 'class-validator';
import { TAG_PATTERN } from './tag-pattern';

/**
 * Why tags do not match TAG_PATTERN, naming them as they would be stored (case and spaces do not
 * matter: `Digitale Zorg` is `digitale-zorg`; `Zorg & Welzijn` holds a character no tag may).
 */
export function tagPatternMessage(property: string): (args: ValidationArguments) => string {
  return (args) => {
    const values: unknown[] = Array.isArray(args.value) ? args.value : [args.value];
    const bad = values.filter((v): v is string => typeof v === 'string' && !TAG_PATTERN.test(v));
    const named = bad.map((v) => `"${v}"`).join(', ');
    return `${property} must be words of letters and digits (spaces become hyphens); ${named || 'a tag'} holds other characters`;
  };
}
