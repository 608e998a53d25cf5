import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApp } from './test-app';

/** An e-mail to `recipientId` in the delivery log that failed (five attempts), so that it may be retried. */
export async function failedNotification(
  t: TestApp,
  organisationId: string,
  recipientId: string,
): Promise<string> {
  const dedupeKey = `test:failed:${randomUUID()}`;
  await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, {
    organisationId,
    recipientId,
    channel: NotificationChannel.Email,
    target: 'mo@example.nl',
    kind: 'action-overdue',
    subjectType: 'action',
    subjectId: randomUUID(),
    dueAt: t.clock.now(),
    dedupeKey,
  });
  const [{ id }] = await t.db.query(
    `UPDATE notifications SET status = 'failed', attempts = 5, last_error = 'SMTP 451'
      WHERE dedupe_key = $1 RETURNING id`,
    [dedupeKey],
  );
  return id;
}
