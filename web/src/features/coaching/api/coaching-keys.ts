export interface CoachingNote {
  id: number;
  agentId: number;
  text: string;
  followUpDate: string | null;
  evaluationId: number | null;
  metric: string | null;
  author?: { id: number; name: string } | null;
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

export const coachingKeys = {
  all: ['coaching'] as const,
  list: (params: { agentId?: number; evaluationId?: number }) => [...coachingKeys.all, 'list', params] as const,
};
