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
