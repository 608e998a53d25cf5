import { ApiProperty } from '@nestjs/swagger';
import { ApiTokenEntity } from '../api-token.entity';

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ example: 'rapportage-script' }) name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: Date | null;
  @ApiProperty({
    description: 'Configured as BOOTSTRAP_ADMIN_TOKEN (whatever its name): a new value revokes it',
  })
  bootstrap!: boolean;

  static from(this: void, e: ApiTokenEntity): ApiTokenDto {
    return {
      id: e.id,
      personId: e.personId,
      name: e.name,
      createdAt: e.createdAt,
      lastUsedAt: e.lastUsedAt,
      expiresAt: e.expiresAt,
      revokedAt: e.revokedAt,
      bootstrap: e.bootstrap,
    };
  }
}
