import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import { RenderedEmail } from './rendered-email';

/**
 * Sends e-mail over SMTP_URL; without it, writes each message as an .eml file into MAIL_DIR so
 * a fresh install works and shows what it would have sent.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transport = config.SMTP_URL
      ? nodemailer.createTransport(config.SMTP_URL, {
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        } as object)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /** Sends one message; the Message-ID derives from the notification id so clients can spot a resend. */
  async send(notificationId: string, to: string, email: RenderedEmail): Promise<void> {
    const host = (/@([^>\s]+)>?$/.exec(this.config.MAIL_FROM)?.[1] ?? 'leerlus.local').toLowerCase();
    const message: SendMailOptions = {
      from: this.config.MAIL_FROM,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${notificationId}@${host}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
    if (email.calendar) {
      message.icalEvent = {
        method: email.calendar.method,
        filename: email.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        content: email.calendar.content,
      };
    }
    if (email.attachments?.length) message.attachments = email.attachments;
    const info = await this.transport.sendMail(message);
    if (!this.config.SMTP_URL) {
      const dir = resolve(this.config.MAIL_DIR);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${notificationId}.eml`), (info as unknown as { message: Buffer }).message);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
