export type { ComplaintCase } from '../../../../../server/modules/complaints/complaints.types';
export type { ComplaintLevel, ComplaintStatus } from '../../../../../server/modules/complaints/domain/complaint-clock';

/** `GET /api/complaints` parameters (grade and category are filtered on the page, over the same answer). */
export interface ComplaintParams {
  from: string;
  to: string;
  teamId?: number;
  agentId?: number;
}

/** Every parameter a query sends is part of its key. */
export const complaintKeys = {
  all: ['complaints'] as const,
  list: (params: ComplaintParams) => [...complaintKeys.all, 'list', params] as const,
};
