import { ResourceEntity } from './resource.entity';

/** The common fields of a resource's view. */
export function resourceFields(
  entity: ResourceEntity,
): Pick<ResourceEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'> {
  return { id: entity.id, createdAt: entity.createdAt, updatedAt: entity.updatedAt, version: entity.version };
}
