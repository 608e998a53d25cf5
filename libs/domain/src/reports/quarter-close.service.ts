import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationChannel } from '../notifications/notification-channel';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { Quarter } from './quarter';
import { QuarterCloseResult } from './quarter-close-result';
import { QuarterCloseSchedule } from './quarter-close-schedule';
import { QuarterFiguresService } from './quarter-figures.service';
import { ReportSnapshotEntity } from './report-snapshot.entity';
import { ReportSnapshotsService } from './report-snapshots.service';
import { summariseReport } from './report-summary';
import { SnapshotReason } from './snapshot-reason';

/**
 * How many closable quarters a run looks back on. A worker that was down over one or more
 * quarter closes catches up on the quarters of the last year; a report frozen from today's data
 * for a quarter longer ago would tell its readers little.
 */
const CATCH_UP_QUARTERS = 4;

/**
 * Quarter close: freezes the report of each recently closable quarter (oldest first) for every
 * organisation that existed in it and has no quarter-close snapshot of it yet, and plans in
 * the same transaction an e-mail to each of its leads and the `report.published` webhook.
 * Idempotent: running it again (or on two workers at once) freezes and sends nothing twice.
 */
@Injectable()
export class QuarterCloseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: QuarterFiguresService,
    private readonly snapshots: ReportSnapshotsService,
    private readonly writer: NotificationWriter,
    private readonly webhooks: WebhookEventPlanner,
  ) {}

  async closeQuarter(now: Date): Promise<QuarterCloseResult> {
    const quarters = QuarterCloseSchedule.quartersToClose(now, CATCH_UP_QUARTERS);
    const snapshotIds: string[] = [];
    const failures: unknown[] = [];
    for (const quarter of quarters) snapshotIds.push(...(await this.closeOne(quarter, now, failures)));
    // One organisation that cannot be closed holds back none of the others; the run fails (the
    // worker logs it) and the next one tries that organisation again.
    if (failures.length > 0)
      throw new AggregateError(
        failures,
        `The quarter close failed for ${failures.length} organisation(s) and quarter(s); ` +
          `${snapshotIds.length} other(s) were closed.`,
      );
    return { quarter: quarters[quarters.length - 1].label, snapshotIds };
  }

  /** Whether the close of the previous quarter is due at `now` (06:00 on the first working day). */
  isDue(now: Date): boolean {
    return QuarterCloseSchedule.isDue(now);
  }

  /**
   * Freezes `quarter` for the organisations not closed for it yet; the new snapshots' ids. What
   * fails for one organisation is added to `failures`, and the others go on.
   */
  private async closeOne(quarter: Quarter, now: Date, failures: unknown[]): Promise<string[]> {
    const organisations: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT o.id, o.name FROM organisations o
       WHERE o.created_at < $1 AND NOT EXISTS (
         SELECT 1 FROM report_snapshots s
         WHERE s.organisation_id = o.id AND s.year = $2 AND s.quarter = $3
           AND s.reason = 'quarter-close' AND s.chain_id IS NULL)
       ORDER BY o.created_at, o.id`,
      [quarter.endsAt, quarter.year, quarter.quarter],
    );
    const snapshotIds: string[] = [];
    // One transaction per organisation: a failure leaves the others closed and is retried next run.
    for (const organisation of organisations) {
      try {
        const snapshot = await this.closeFor(organisation, quarter, now);
        if (snapshot) snapshotIds.push(snapshot.id);
      } catch (error) {
        failures.push(error);
      }
    }
    return snapshotIds;
  }

  /** Freezes and announces one organisation's report of `quarter`; null when it already was. */
  private async closeFor(
    organisation: { id: string; name: string },
    quarter: Quarter,
    now: Date,
  ): Promise<ReportSnapshotEntity | null> {
    const report = await this.figures.compute(
      {
        organisationId: organisation.id,
        organisationName: organisation.name,
        chainId: null,
        chainName: null,
      },
      quarter,
      now,
    );
    return this.dataSource.transaction(async (m) => {
      const frozen = await this.snapshots.freeze(m, report, SnapshotReason.QuarterClose, null);
      if (frozen) await this.announce(m, frozen, report, now);
      return frozen;
    });
  }

  private async announce(
    m: EntityManager,
    snapshot: ReportSnapshotEntity,
    report: QuarterlyReportDto,
    now: Date,
  ) {
    const summary = summariseReport(report);
    const leads: { id: string; email: string; locale: string }[] = await m.query(
      `SELECT id, email, locale FROM people WHERE organisation_id = $1 AND access_role = 'lead' AND active ORDER BY id`,
      [snapshot.organisationId],
    );
    for (const lead of leads) {
      await this.writer.plan(m, {
        organisationId: snapshot.organisationId,
        recipientId: lead.id,
        channel: NotificationChannel.Email,
        target: lead.email,
        kind: 'quarterly-report',
        subjectType: 'report-snapshot',
        subjectId: snapshot.id,
        dueAt: now,
        dedupeKey: `report-snapshot:${snapshot.id}:${lead.id}`,
        payload: {
          snapshotId: snapshot.id,
          organisationName: report.organisationName,
          quarter: Quarter.of(report.year, report.quarter).label,
          locale: lead.locale,
          summary,
        },
      });
    }
    await this.webhooks.plan(m, {
      organisationId: snapshot.organisationId,
      event: 'report.published',
      subjectType: 'report-snapshot',
      subjectId: snapshot.id,
      dueAt: now,
      occurrence: SnapshotReason.QuarterClose,
      data: {
        snapshotId: snapshot.id,
        organisationId: snapshot.organisationId,
        chainId: snapshot.chainId,
        year: snapshot.year,
        quarter: snapshot.quarter,
        reason: snapshot.reason,
        href: `/v1/reports/quarterly-snapshots/${snapshot.id}`,
        summary,
      },
    });
  }
}
