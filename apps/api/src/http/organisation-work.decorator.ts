import { SetMetadata } from '@nestjs/common';

export const ORGANISATION_WORK = 'leerlus:organisation-work';

/**
 * Marks a controller (or one route) of an organisation's own work: its register, reflection,
 * reports, deliveries and calendar feeds. The system administrator manages organisations and
 * belongs to none: they get 403 here, as PRODUCT.md lets nobody see another organisation's data
 * (AuthGuard).
 */
export const OrganisationWork = (): ClassDecorator & MethodDecorator => SetMetadata(ORGANISATION_WORK, true);
