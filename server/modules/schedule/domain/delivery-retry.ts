/** How a failed delivery is tried again (pure). */
export const MAX_DELIVERY_ATTEMPTS = 5;

/** Minutes until the next attempt after `attempts` failed ones: 1, 4, 16, 64 (then it is failed). */
export function retryDelayMinutes(attempts: number): number {
  return 4 ** Math.max(0, attempts - 1);
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'retrying';

export interface RecipientResult {
  email: string;
  status: 'sent' | 'failed' | 'skipped' | 'pending';
  /** The SMTP server's answer, or why the address got nothing. */
  detail: string | null;
}

/** The delivery's status after an attempt: sent when every recipient who may receive it has it. */
export function statusAfterAttempt(results: RecipientResult[], attempts: number): { status: DeliveryStatus; retryInMinutes: number | null } {
  const failed = results.some((r) => r.status === 'failed' || r.status === 'pending');
  if (!failed) return { status: results.some((r) => r.status === 'sent') ? 'sent' : 'failed', retryInMinutes: null };
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: 'failed', retryInMinutes: null };
  return { status: 'retrying', retryInMinutes: retryDelayMinutes(attempts) };
}
