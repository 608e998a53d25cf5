import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import { ApiMetrics } from './api-metrics.service';

/**
 * Prometheus scrapes GET /metrics (outside /v1, no token, not in the OpenAPI document: it is an
 * operations endpoint, not part of the API). Keep it off the public internet at the proxy.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
