import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server for tests: keeps every message; `refuseNext(n)` answers the next n recipients with a temporary 451. */
export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  refuseNext(count: number, answer?: string): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let refusals = 0;
  let refusal = '4.3.2 Mailbox temporarily unavailable, try again later';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (refusals > 0) {
        refusals--;
        const err = new Error(refusal) as Error & { responseCode: number };
        err.responseCode = 451;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(count, answer) {
      refusals = count;
      if (answer) refusal = answer;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The attachments of a MIME message (base64 parts with a file name): enough for what nodemailer writes. */
export function attachmentsOf(raw: string): { fileName: string; content: Buffer }[] {
  const boundary = /boundary="?([^"\r\n;]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  const out: { fileName: string; content: Buffer }[] = [];
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    if (!/content-disposition:\s*attachment/i.test(head)) continue;
    const name = /filename\*?=(?:utf-8'')?"?([^";\r\n]+)"?/i.exec(head)?.[1] ?? '';
    out.push({ fileName: decodeURIComponent(name), content: Buffer.from(part.slice(split + 4).replace(/\s+/g, ''), 'base64') });
  }
  return out;
}

/** A header's value (unfolded). */
export function headerOf(raw: string, name: string): string | null {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? null;
}
