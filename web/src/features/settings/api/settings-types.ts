import type { Settings } from '../../../../../server/modules/org/settings.types';

export type { Settings, TargetSetting } from '../../../../../server/modules/org/settings.types';
export type { UserView as User } from '../../../../../server/modules/auth/users.types';
export type SettingsPatch = Partial<Omit<Settings, 'dataVersion' | 'updatedAt'>>;
