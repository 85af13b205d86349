/** A notification as the inbox shows it (pure: the dashboard imports it as a type). */
export interface NotificationView {
  id: number;
  kind: string;
  text: string;
  params: Record<string, unknown>;
  link: string | null;
  at: string;
  read: boolean;
}
