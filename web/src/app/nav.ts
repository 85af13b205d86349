import type { Role } from '../features/auth/api/auth-types';

export interface NavItem {
  to: string;
  key: string;
}

/** The pages of the people who run the weeks: supervisors, and admins (who also have Settings and Users). */
const TEAM_LEAD_PAGES: NavItem[] = [
  { to: '/weekly-review', key: 'weeklyReview' },
  { to: '/', key: 'overview' },
  { to: '/team', key: 'team' },
  { to: '/agents', key: 'agents' },
  { to: '/complaints', key: 'complaints' },
  { to: '/qa', key: 'qa' },
  { to: '/autoqa/rules', key: 'autoqaRules' },
  { to: '/autoqa/agreement', key: 'autoqaAgreement' },
  { to: '/imports', key: 'imports' },
  { to: '/exports', key: 'exports' },
];

/** Navigation by role: the supervisor's Monday starts at the weekly review; an agent sees only themself. */
export function navFor(role: Role): NavItem[] {
  const item = (to: string, key: string): NavItem => ({ to, key });
  switch (role) {
    case 'agent':
      return [item('/', 'myScorecard'), item('/complaints', 'complaints')];
    case 'supervisor':
      return [...TEAM_LEAD_PAGES];
    case 'hr':
      return [item('/', 'overview'), item('/team', 'team'), item('/agents', 'agents'), item('/complaints', 'complaints'), item('/exports', 'hrExports')];
    case 'admin':
      return [...TEAM_LEAD_PAGES, item('/settings', 'settings'), item('/users', 'users')];
  }
}
