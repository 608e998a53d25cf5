import { ApiProperty } from '@nestjs/swagger';
import { ApiTokenDto } from './api-token.dto';

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The bearer token. Shown only in this response; store it safely.' })
  token!: string;
}
