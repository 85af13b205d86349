import type { DeliveryStatus, RecipientResult } from './domain/delivery-retry';
import type { ScheduleKind } from './domain/schedule-timing';

/** Schedules and deliveries as the API shows them (pure: the dashboard imports them as types). */
export interface ScheduleView {
  id: number;
  kind: ScheduleKind;
  teamId: number | null;
  agentId: number | null;
  recipients: string[];
  language: string;
  timezone: string;
  dayOfMonth: number | null;
  dayOfWeek: number | null;
  time: string;
  active: boolean;
  nextRunAt: string;
  lastDelivery: { id: number; at: string; status: DeliveryStatus } | null;
}

export interface DeliveryView {
  id: number;
  at: string;
  /** `queued` and `sending` while it is on its way; then sent, retrying or failed. */
  status: DeliveryStatus;
  period: string;
  trigger: 'schedule' | 'manual';
  attempts: number;
  nextAttemptAt: string | null;
  recipients: RecipientResult[];
  detail: string | null;
}
