export type { Role } from '../../../../../server/common/auth/caller';
export type { SessionUser } from '../../../../../server/modules/auth/users.types';
