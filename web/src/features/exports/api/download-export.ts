import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';

export type ExportRequest =
  | { kind: 'monthly'; month: string; siteId?: number; teamId?: number }
  | { kind: 'weekly'; week: string; teamId: number }
  | { kind: 'agent'; agentId: number; from: string; to: string };

/** Fetches a workbook through the session and saves it; resolves to the file name. */
export function downloadExport(req: ExportRequest): Promise<string> {
  switch (req.kind) {
    case 'monthly':
      return downloadFile('/exports/monthly', { month: req.month, siteId: req.siteId, teamId: req.teamId });
    case 'weekly':
      return downloadFile('/exports/weekly', { week: req.week, teamId: req.teamId });
    case 'agent':
      return downloadFile(`/exports/agent/${req.agentId}`, { from: req.from, to: req.to });
  }
}

export const useDownloadExport = () => useMutation({ mutationFn: downloadExport });
