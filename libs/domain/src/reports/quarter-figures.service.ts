import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../shared/clock';
import { assembleQuarterFigures } from './assemble-quarter-figures';
import { assessChainTriangles } from './assess-chain-triangles';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { FigureRow } from './figure-row';
import { Quarter } from './quarter';
import { quarterFigureQueries } from './quarter-figure-statements';
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
    // "Now" for a quarter still running is the report's moment, the clock the caller goes by.
    const queries = quarterFigureQueries(scope, quarter, generatedAt);
    // One read-only snapshot for every statement, so the figures agree with each other and with dataAsOf.
    // The isolation level is set as the transaction starts: a query before it (AuditActorSubscriber
    // names the caller) would make a later SET TRANSACTION ISOLATION LEVEL fail.
    const { dataAsOf, rows, triangles } = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      // JIT is off on every connection (data-source-options.ts): these plans, cheap index scans over
      // large estimated row counts, would spend seconds compiling.
      // Room for the hash tables over a quarter's incidents, so they stay in memory.
      await m.query("SET LOCAL work_mem = '32MB'");
      const [{ at }]: { at: Date }[] = await m.query('SELECT statement_timestamp() AS at');
      const figureRows: FigureRow[] = [];
      for (const { sql, parameters } of queries.figures)
        figureRows.push(...((await m.query(sql, parameters)) as FigureRow[]));
      const triangleRows: TriangleRow[] = await m.query(queries.triangles.sql, queries.triangles.parameters);
      return { dataAsOf: at, rows: figureRows, triangles: triangleRows };
    });
    const [current, previous] = periods.map((period, n) =>
      assembleQuarterFigures(
        period,
        rows.filter((row) => row.n === n),
        assessChainTriangles(
          triangles.filter((row) => row.n === n),
          period.judgedOn(generatedAt),
          Quarter.localDate(generatedAt),
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
