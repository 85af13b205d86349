export type { ComplaintCase } from '../../../../../server/modules/complaints/complaints.types';
export type { ComplaintLevel, ComplaintStatus } from '../../../../../server/modules/complaints/domain/complaint-clock';
