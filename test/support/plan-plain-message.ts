import { NotificationChannel } from '@app/domain/notifications/notification-channel';
import { NotificationWriter } from '@app/domain/notifications/notification-writer.service';
import { PlannedNotification } from '@app/domain/notifications/planned-notification';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrgFixture } from './fixtures';
import { TestApp } from './test-app';

/**
 * An e-mail to the organisation's member, due a second ago, planned through the writer as the
 * system plans one (`extra` changes it); its row id and the message.
 */
export async function planPlainMessage(
  t: TestApp,
  org: OrgFixture,
  extra: Partial<PlannedNotification> = {},
): Promise<{ id: string; message: PlannedNotification }> {
  const message: PlannedNotification = {
    organisationId: org.organisationId,
    recipientId: org.member.id,
    channel: NotificationChannel.Email,
    target: `plain-${randomUUID()}@example.nl`,
    // A kind and subject the system no longer writes: sent with the generic text of its payload.
    kind: 'generic' as PlannedNotification['kind'],
    subjectType: 'organisation' as PlannedNotification['subjectType'],
    subjectId: org.organisationId,
    dueAt: new Date(Date.now() - 1000),
    dedupeKey: `plain:${randomUUID()}`,
    payload: { text: 'Herinnering' },
    ...extra,
  };
  await t.app.get(NotificationWriter).plan(t.app.get(DataSource).manager, message);
  const [row] = await t.db.query(`SELECT id FROM notifications WHERE dedupe_key = $1`, [message.dedupeKey]);
  return { id: row.id as string, message };
}
