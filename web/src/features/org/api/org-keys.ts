export interface Named {
  id: number;
  name: string;
}
export interface Team extends Named {
  site: Named | null;
}
export interface Agent {
  id: number;
  code: string;
  name: string;
  team: Named;
  site: Named | null;
  active: boolean;
}

export const orgKeys = {
  all: ['org'] as const,
  sites: () => [...orgKeys.all, 'sites'] as const,
  teams: () => [...orgKeys.all, 'teams'] as const,
  agents: () => [...orgKeys.all, 'agents'] as const,
  agent: (id: number) => [...orgKeys.all, 'agent', id] as const,
};
