import { AccessRole } from './access-role';

/** The authenticated caller. A system administrator belongs to no organisation and may act in all. */
export interface Principal {
  personId: string;
  organisationId: string | null;
  accessRole: AccessRole;
  systemAdmin: boolean;
  locale: 'nl' | 'en';
}
