import { Controller, Get, HttpCode } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthService } from '../health/health.service';
import { Public } from '../http/public.decorator';

class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Round-trip time in milliseconds' })
  latencyMs!: number;
}

class WorkerHealthDto {
  @ApiProperty({
    enum: ['up', 'down', 'unknown'],
    description: 'up: a worker beat recently; down: one was seen but stopped beating; unknown: none seen',
  })
  status!: 'up' | 'down' | 'unknown';
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
}

class HealthDto {
  @ApiProperty({ enum: ['up'] }) status!: 'up';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ComponentHealthDto' },
    example: { postgres: { status: 'up', latencyMs: 2 }, redis: { status: 'up', latencyMs: 1 } },
  })
  checks!: Record<string, ComponentHealthDto>;
  @ApiProperty({ description: 'Reported, but a missing worker does not make the api unhealthy' })
  worker!: WorkerHealthDto;
}

@ApiExtraModels(ComponentHealthDto)
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether Postgres and Redis answer; 503 problem details naming what is down' })
  @ApiOkResponse({ type: HealthDto })
  @ApiResponse({ status: 503, description: 'A backing service is down' })
  async get(): Promise<HealthDto> {
    return this.health.check();
  }
}
