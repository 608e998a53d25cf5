import { AppConfig, metricsScrapeAllowed } from '@app/config';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import { ApiMetrics } from './api-metrics.service';

/**
 * Prometheus scrapes GET /metrics (outside /v1, not in the OpenAPI document: it is an operations
 * endpoint, not part of the API). No API token: with METRICS_TOKEN set, that one; without, keep it
 * off the public internet at the proxy.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (!metricsScrapeAllowed(authorization, this.config.METRICS_TOKEN))
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.',
      );
    return this.metrics.registry.metrics();
  }
}
