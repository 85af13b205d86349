export interface CoachingNote {
  id: number;
  agent: { id: number; code: string; name: string };
  text: string;
  followUpDate: string | null;
  evaluationId: number | null;
  metric: string | null;
  author?: { id: number; name: string } | null;
  /** where the note came from; a weekly-review note carries `source: 'weekly_review'`, week, rule and reasons */
  context?: Record<string, unknown>;
  createdAt: string;
}

export interface CoachingNoteInput {
  agentId: number;
  text: string;
  followUpDate?: string | null;
  evaluationId?: number | null;
  metric?: string | null;
  context?: Record<string, unknown>;
}
