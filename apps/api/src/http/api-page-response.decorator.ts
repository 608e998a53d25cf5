import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Documents a paginated collection of `model`: items, page, pageSize and total; with
 * `cappedTotal`, also `totalCapped` for a collection that counts its total only up to a cap.
 */
export function ApiPageResponse(
  model: Type<unknown>,
  description = 'One page of the collection',
  options: { cappedTotal?: string } = {},
): MethodDecorator {
  const capped: Record<string, SchemaObject> = options.cappedTotal
    ? {
        totalCapped: {
          type: 'boolean',
          description: `True when counting stopped at the cap (${options.cappedTotal}): there are at least total items`,
        },
      }
    : {};
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'page', 'pageSize', 'total', ...Object.keys(capped)],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 100 },
          total: { type: 'integer', minimum: 0, description: 'Number of matching items over all pages' },
          ...capped,
        },
      },
    }),
  ) as MethodDecorator;
}
