export type { ApiKeyView as ApiKey } from '../../../../../../server/modules/auth/api-key.types';
export type { DeliveryView as Delivery, ScheduleView as Schedule } from '../../../../../../server/modules/schedule/schedule.types';

export interface ScheduleInput {
  kind: 'monthly' | 'weekly' | 'scorecard';
  teamId?: number | null;
  agentId?: number | null;
  recipients: string[];
  language: 'en' | 'zh-cn';
  timezone?: string;
  dayOfMonth?: number | null;
  dayOfWeek?: number | null;
  time: string;
}

export interface ApiKeyInput {
  name: string;
  scope: 'ingest' | 'read';
  teamIds?: number[] | null;
  expiresAt?: string | null;
}
