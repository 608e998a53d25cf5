import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/** The version a client read; every PATCH carries it so a stale update gets 409. */
export class VersionDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The version you read; a stale one gets 409 and changes nothing',
  })
  @IsInt()
  @Min(1)
  version!: number;
}
