import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../shared/clock';
import { assembleQuarterFigures } from './assemble-quarter-figures';
import { assessChainTriangles } from './assess-chain-triangles';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { FigureRow } from './figure-row';
import { Quarter } from './quarter';
import { QUARTER_FIGURE_STATEMENTS } from './quarter-figure-statements';
import { REPORT_TIME_ZONE } from './report-time-zone';
import { ReportScope } from './report-scope';
import { TriangleRow } from './triangle-row';

/** Computes a quarterly report (the quarter and the one before) with SQL aggregation. */
@Injectable()
export class QuarterFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async compute(
    scope: ReportScope,
    quarter: Quarter,
    generatedAt = this.clock.now(),
  ): Promise<QuarterlyReportDto> {
    const periods = [quarter, quarter.previous()];
    const parameters = [
      scope.organisationId,
      scope.chainId,
      periods.map((p) => p.startsAt.toISOString()),
      periods.map((p) => p.endsAt.toISOString()),
      periods.map((p) => p.lastDay),
    ];
    // One read-only snapshot for every statement, so the figures agree with each other and with dataAsOf.
    const { dataAsOf, rows, triangles } = await this.dataSource.transaction(async (m) => {
      await m.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [{ at }]: { at: Date }[] = await m.query('SELECT statement_timestamp() AS at');
      const figureRows: FigureRow[] = [];
      for (const statement of QUARTER_FIGURE_STATEMENTS.figures)
        figureRows.push(...((await m.query(statement, parameters)) as FigureRow[]));
      const triangleRows: TriangleRow[] = await m.query(QUARTER_FIGURE_STATEMENTS.triangles, parameters);
      return { dataAsOf: at, rows: figureRows, triangles: triangleRows };
    });
    const [current, previous] = periods.map((period, n) =>
      assembleQuarterFigures(
        period,
        rows.filter((row) => row.n === n),
        assessChainTriangles(
          triangles.filter((row) => row.n === n),
          period.lastDay,
        ),
      ),
    );
    return {
      organisationId: scope.organisationId,
      organisationName: scope.organisationName,
      chainId: scope.chainId,
      chainName: scope.chainName,
      timeZone: REPORT_TIME_ZONE,
      generatedAt: generatedAt.toISOString(),
      dataAsOf: new Date(dataAsOf).toISOString(),
      ...current,
      previous,
    };
  }
}
