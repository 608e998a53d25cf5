import { SetMetadata } from '@nestjs/common';

export const ORGANISATION_WORK = 'leerlus:organisation-work';

/**
 * Marks a controller of an organisation's own work: its register, reflection, reports and
 * deliveries. The system administrator manages organisations and belongs to none: they get 403
 * here, as PRODUCT.md lets nobody see another organisation's data (AuthGuard).
 */
export const OrganisationWork = (): ClassDecorator => SetMetadata(ORGANISATION_WORK, true);
