import { ApiProperty } from '@nestjs/swagger';

/** Fields every resource shows. */
export abstract class ResourceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description:
      'Rises with every change; a PATCH, where the resource has one, sends it back (optimistic locking)',
  })
  version!: number;
}
