import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../shared/clock';
import { localDate } from '../shared/local-date';
import { Confidentiality } from './confidentiality';
import { RecurrenceFlags } from './recurrence-flags.service';

/**
 * The nightly check of reporters' sight (job recheck-reporter-sight, shortly after midnight in
 * Europe/Amsterdam). A triangle role's term ends, or begins, with the day, no request changes
 * anything: who held or holds such a role has their incidents' recurrence flags decided again, so
 * none stays flagged because of a confidential incident its reporter may no longer see (and one
 * that lost its flag that way gets it back once they may see it again). Role, term and access-role
 * changes made through the API decide them at once (RecurrenceFlags.redecideForReporter).
 */
@Injectable()
export class ReporterSightCheck {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recurrenceFlags: RecurrenceFlags,
    private readonly clock: Clock,
  ) {}

  /**
   * Decides again the flags of everyone whose sight changed since the day of the last run, up to
   * today (a missed night is caught up); the first run, with no day recorded, checks every reporter
   * of a flagged confidential incident. One run at a time (the progress row is locked), and a run
   * on a day already checked does nothing. The number of people checked.
   */
  async run(): Promise<number> {
    const today = localDate(this.clock.now());
    return this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO reporter_sight_checks (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
      const [{ through }]: { through: string | null }[] = await m.query(
        `SELECT to_char(checked_through, 'YYYY-MM-DD') AS through FROM reporter_sight_checks WHERE id = 1 FOR UPDATE`,
      );
      if (through !== null && through >= today) return 0;
      // Seen on day d: valid_from <= d <= valid_to. Between the day `through` and today, sight was
      // lost where the last day lies in [through, today) and gained where the first lies in (through, today].
      const people: { id: string }[] =
        through === null
          ? await m.query(
              `SELECT DISTINCT reported_by_id AS id FROM incidents
               WHERE confidentiality = '${Confidentiality.Confidential}'
                 AND (recurrence_of IS NOT NULL OR recurrence_hidden_of IS NOT NULL)
               ORDER BY 1`,
            )
          : await m.query(
              `SELECT DISTINCT person_id AS id FROM role_assignments
               WHERE (valid_to >= $1::date AND valid_to < $2::date) OR (valid_from > $1::date AND valid_from <= $2::date)
               ORDER BY 1`,
              [through, today],
            );
      // All at once: their incidents locked in id order, as a change of an incident's audience
      // locks them (reporter by reporter, the two deadlocked).
      await this.recurrenceFlags.redecideForReporters(
        m,
        null,
        people.map((person) => person.id),
      );
      await m.query(
        `UPDATE reporter_sight_checks SET checked_through = $1, checked_at = now() WHERE id = 1`,
        [today],
      );
      return people.length;
    });
  }
}
