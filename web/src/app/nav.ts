import type { Role } from '../features/auth/api/auth-keys';

export interface NavItem {
  to: string;
  key: string;
}

/** Navigation by role: the supervisor's Monday starts at the weekly review; an agent sees only themself. */
export function navFor(role: Role): NavItem[] {
  const item = (to: string, key: string): NavItem => ({ to, key });
  switch (role) {
    case 'agent':
      return [item('/', 'myScorecard'), item('/complaints', 'complaints')];
    case 'supervisor':
      return [
        item('/weekly-review', 'weeklyReview'),
        item('/', 'overview'),
        item('/team', 'team'),
        item('/complaints', 'complaints'),
        item('/qa', 'qa'),
        item('/autoqa/rules', 'autoqaRules'),
        item('/autoqa/agreement', 'autoqaAgreement'),
        item('/imports', 'imports'),
        item('/exports', 'exports'),
      ];
    case 'hr':
      return [item('/', 'overview'), item('/team', 'team'), item('/complaints', 'complaints'), item('/exports', 'hrExports')];
    case 'admin':
      return [
        item('/weekly-review', 'weeklyReview'),
        item('/', 'overview'),
        item('/team', 'team'),
        item('/complaints', 'complaints'),
        item('/qa', 'qa'),
        item('/autoqa/rules', 'autoqaRules'),
        item('/autoqa/agreement', 'autoqaAgreement'),
        item('/imports', 'imports'),
        item('/exports', 'exports'),
        item('/settings', 'settings'),
        item('/users', 'users'),
      ];
  }
}
