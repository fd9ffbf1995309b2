import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';

import type { Config } from '../config';
import type { Logger } from '../logger';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Language of the message, for the Content-Language header. */
  language: string;
}

export interface Mailer {
  /** Resolves once the SMTP server (or the outbox) accepted the message. */
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

export type MailConfig = Pick<
  Config,
  'NODE_ENV' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'MAIL_FROM' | 'OUTBOX_DIR'
>;

const DEVELOPMENT_SENDER = 'Review Invitations <reviews@localhost>';

export class MailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailConfigError';
  }
}

/**
 * SMTP when SMTP_HOST is set; otherwise, outside production, an outbox folder of .eml files so a
 * developer can open what would have been sent. Production without SMTP is a configuration error.
 */
export function createMailer(config: MailConfig, logger: Logger, rootDir: string): Mailer {
  if (config.SMTP_HOST) {
    if (!config.MAIL_FROM)
      throw new MailConfigError('MAIL_FROM is missing: set the sender address of the invitations.');
    return smtpMailer(config, config.SMTP_HOST, config.MAIL_FROM);
  }
  if (config.NODE_ENV === 'production')
    throw new MailConfigError('SMTP_HOST is missing: production sends invitations through SMTP only. Set SMTP_HOST.');
  return outboxMailer(path.resolve(rootDir, config.OUTBOX_DIR), config.MAIL_FROM ?? DEVELOPMENT_SENDER, logger);
}

function smtpMailer(config: MailConfig, host: string, from: string): Mailer {
  const transport = createTransport({
    host,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE ? config.SMTP_SECURE === 'true' : config.SMTP_PORT === 465,
    ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    // Bounded waits, so a hanging server fails one attempt (which is retried) instead of the worker.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail(toMail(message, from));
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

function outboxMailer(folder: string, from: string, logger: Logger): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    async send(message) {
      const info = await transport.sendMail(toMail(message, from));
      await mkdir(folder, { recursive: true });
      sequence += 1;
      const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${sequence}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info(
        { file, subject: message.subject, language: message.language },
        'Email written to the outbox instead of sent (no SMTP_HOST); open the .eml file to preview it',
      );
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

function toMail(message: OutgoingEmail, from: string) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { ...message.headers, 'Content-Language': message.language },
  };
}
