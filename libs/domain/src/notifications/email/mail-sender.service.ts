import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { RenderedEmail } from './rendered-email';

/**
 * Sends e-mail over SMTP_URL; without it, writes each message as an .eml file into MAIL_DIR so
 * a fresh install works and shows what it would have sent.
 *
 * SMTP connections are pooled (a handshake per message would cost more than the message) and
 * sockets send at once: with Nagle's algorithm the end of each message waited for the server's
 * delayed ACK, about 40 ms a message. Query parameters of SMTP_URL (`?pool=false`,
 * `?maxConnections=20`) override these defaults.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  /** Without SMTP_URL there is none: send() writes the composed message to MAIL_DIR. */
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    // Up to 20 connections (relays limit connections per client); a send takes milliseconds.
    if (config.SMTP_URL)
      this.transport = nodemailer.createTransport(
        smtpOptions(config.SMTP_URL, Math.min(config.WORKER_CONCURRENCY, 20)),
      );
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
      // Our texts are Latin script: saves scanning every part to choose an encoding.
      textEncoding: 'quoted-printable',
    };
    if (email.calendar) {
      message.icalEvent = {
        method: email.calendar.method,
        filename: email.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        content: email.calendar.content,
      };
    }
    if (email.attachments?.length) message.attachments = email.attachments;
    // Composed in memory first: streamed part by part, a message took dozens of socket writes.
    const mime = new MailComposer(message).compile();
    const raw = await mime.build();
    if (this.transport) {
      await this.transport.sendMail({ envelope: mime.getEnvelope(), raw });
      return;
    }
    const dir = resolve(this.config.MAIL_DIR);
    await mkdir(dir, { recursive: true });
    // Written aside and renamed: whoever watches the folder never reads half a message.
    const file = join(dir, `${notificationId}.eml`);
    await writeFile(`${file}.partial`, raw);
    await rename(`${file}.partial`, file);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

function smtpOptions(url: string, connections: number): SMTPPool.Options {
  const fromUrl = parseConnectionUrl(url) as SMTPPool.Options;
  const defaults: SMTPPool.Options = {
    pool: true,
    maxConnections: connections,
    maxMessages: 500,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // A plain socket (STARTTLS upgrades it later) with Nagle off; smtps:// keeps the default.
    getSocket: (_options, callback) =>
      fromUrl.secure ? callback(null, false) : callback(null, { socket: new Socket().setNoDelay(true) }),
  };
  return Object.assign(defaults, fromUrl);
}
