import { Injectable } from '@nestjs/common';
import { Principal } from '../access/principal';
import { QuarterlyReportQueryDto } from './dto/quarterly-report-query.dto';
import { Quarter } from './quarter';
import { QuarterFiguresService } from './quarter-figures.service';
import { renderReport } from './render-report';
import { RenderedReport } from './rendered-report';
import { ReportFormat } from './report-format';
import { ReportScopeService } from './report-scope.service';

/** The live quarterly report, as JSON, CSV or HTML. */
@Injectable()
export class QuarterlyReportsService {
  constructor(
    private readonly scopes: ReportScopeService,
    private readonly figures: QuarterFiguresService,
  ) {}

  async render(
    actor: Principal,
    query: QuarterlyReportQueryDto,
    format: ReportFormat,
  ): Promise<RenderedReport> {
    const scope = await this.scopes.forQuery(actor, query.organisationId, query.chainId);
    const report = await this.figures.compute(scope, Quarter.of(query.year, query.quarter));
    return renderReport(report, format, actor.locale);
  }
}
