import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { CreateReportSnapshotDto } from './dto/create-report-snapshot.dto';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { ReportSnapshotQueryDto } from './dto/report-snapshot-query.dto';
import { ReportSnapshotSummaryDto } from './dto/report-snapshot-summary.dto';
import { ReportSnapshotDto } from './dto/report-snapshot.dto';
import { Quarter } from './quarter';
import { QuarterFiguresService } from './quarter-figures.service';
import { renderReport } from './render-report';
import { renderReportEmail, ReportEmail } from './render-report-email';
import { RenderedReport } from './rendered-report';
import { ReportFormat } from './report-format';
import { ReportScopeService } from './report-scope.service';
import { ReportSnapshotEntity } from './report-snapshot.entity';
import { SnapshotReason } from './snapshot-reason';

const SUBJECT: AuditSubject = {
  type: 'report-snapshot',
  fields: ['chainId', 'year', 'quarter', 'reason', 'generatedAt', 'dataAsOf', 'generatedById'],
};

/** Frozen quarterly reports: made on request or at quarter close, never changed afterwards. */
@Injectable()
export class ReportSnapshotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly scopes: ReportScopeService,
    private readonly figures: QuarterFiguresService,
    private readonly clock: Clock,
  ) {}

  /** Freezes the figures of a closed quarter; asking again makes a new snapshot beside the old one. */
  async create(actor: Principal, dto: CreateReportSnapshotDto): Promise<ReportSnapshotDto> {
    const scope = await this.scopes.forBody(actor, dto.organisationId, dto.chainId ?? undefined);
    const quarter = Quarter.of(dto.year, dto.quarter);
    if (!quarter.hasEndedBy(this.clock.now()))
      throw new DomainError(
        ErrorCode.Conflict,
        `Quarter ${quarter.label} has not ended yet (it ends at ${Quarter.localIso(quarter.endsAt)}); ` +
          'only a closed quarter can be frozen. The live figures are at /v1/reports/quarterly.',
      );
    const report = await this.figures.compute(scope, quarter);
    const snapshot = await this.dataSource.transaction((m) =>
      this.freeze(m, report, SnapshotReason.Manual, actor),
    );
    // Only a second quarter-close snapshot is ever refused; a manual one always is stored.
    return ReportSnapshotDto.from(snapshot!);
  }

  async list(actor: Principal, query: ReportSnapshotQueryDto): Promise<Page<ReportSnapshotSummaryDto>> {
    this.access.requireRole(actor, AccessRole.Lead);
    const qb = this.dataSource.getRepository(ReportSnapshotEntity).createQueryBuilder('s');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('s.organisationId = :organisationId', { organisationId });
    if (query.organisationId)
      qb.andWhere('s.organisationId = :requested', { requested: query.organisationId });
    if (query.year !== undefined) qb.andWhere('s.year = :year', { year: query.year });
    if (query.quarter !== undefined) qb.andWhere('s.quarter = :quarter', { quarter: query.quarter });
    if (query.chainId) qb.andWhere('s.chainId = :chainId', { chainId: query.chainId });
    whereInList(qb, 's.reason', 'reason', query.reason);
    qb.orderBy('s.year', 'DESC')
      .addOrderBy('s.quarter', 'DESC')
      .addOrderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id');
    return paginate(qb, query, ReportSnapshotSummaryDto.from);
  }

  async get(actor: Principal, id: string): Promise<ReportSnapshotDto> {
    const snapshot = await this.dataSource
      .getRepository(ReportSnapshotEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!snapshot) throw DomainError.notFound('Report snapshot', id);
    this.access.requireRole(actor, AccessRole.Lead);
    return ReportSnapshotDto.from(snapshot);
  }

  /** The frozen report as JSON (the snapshot), or its figures as CSV or HTML. */
  async render(actor: Principal, id: string, format: ReportFormat): Promise<RenderedReport> {
    const snapshot = await this.get(actor, id);
    if (format === ReportFormat.Json)
      return { mediaType: 'application/json', body: snapshot, filename: `report-snapshot-${id}.json` };
    return renderReport(snapshot.figures, format, actor.locale);
  }

  /**
   * The e-mail that delivers a snapshot (for the delivery worker: no access check). `link` is
   * the snapshot's absolute URL when the caller knows the public base URL.
   */
  async email(snapshotId: string, locale: string, link?: string): Promise<ReportEmail> {
    const snapshot = await this.dataSource.getRepository(ReportSnapshotEntity).findOneBy({ id: snapshotId });
    if (!snapshot) throw DomainError.notFound('Report snapshot', snapshotId);
    return renderReportEmail(ReportSnapshotDto.from(snapshot), locale, link);
  }

  /**
   * Stores a report as a snapshot, audited, in the caller's transaction. A second quarter-close
   * snapshot of the same organisation and quarter is refused by a unique index: then this
   * returns null and stores nothing, so concurrent closers cannot both freeze and send.
   */
  async freeze(
    m: EntityManager,
    report: QuarterlyReportDto,
    reason: SnapshotReason,
    actor: Principal | null,
  ): Promise<ReportSnapshotEntity | null> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(ReportSnapshotEntity)
      .values({
        organisationId: report.organisationId,
        chainId: report.chainId,
        year: report.year,
        quarter: report.quarter,
        figures: report as never,
        generatedAt: new Date(report.generatedAt),
        dataAsOf: new Date(report.dataAsOf),
        generatedById: actor?.personId ?? null,
        reason,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    if (!id) return null;
    const snapshot = await m.findOneByOrFail(ReportSnapshotEntity, { id });
    await this.audit.created(m, actor, SUBJECT, snapshot.organisationId, snapshot);
    return snapshot;
  }
}
