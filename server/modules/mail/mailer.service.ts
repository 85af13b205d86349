import { Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { loadEnv } from '../../config/env';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** The SMTP server's answer to a message it refused (or why none could be sent). */
export class MailFailedError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

/** Outgoing mail through CALLSCOPE_SMTP_URL, from CALLSCOPE_MAIL_FROM. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly env = loadEnv();
  private transport: Transporter | null = null;

  get configured(): boolean {
    return !!this.env.CALLSCOPE_SMTP_URL;
  }

  /** Sends one message and answers the server's reply; a refusal throws MailFailedError with the server's answer. */
  async send(mail: OutgoingMail): Promise<string> {
    if (!this.env.CALLSCOPE_SMTP_URL) throw new MailFailedError('No mail server is set up: set CALLSCOPE_SMTP_URL.', null);
    this.transport ??= nodemailer.createTransport(this.env.CALLSCOPE_SMTP_URL);
    try {
      const info = await this.transport.sendMail({ from: this.env.CALLSCOPE_MAIL_FROM, ...mail });
      return String(info.response ?? 'accepted');
    } catch (e) {
      const err = e as { response?: string; responseCode?: number; message: string };
      throw new MailFailedError(err.response ?? err.message, err.responseCode ?? null);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
