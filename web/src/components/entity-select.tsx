interface Entity {
  id: number;
  name: string;
  /** agents: shown after the name */
  code?: string;
}

/**
 * A labelled picker of sites, teams or agents by id; `emptyLabel` adds the "all…" / "choose…"
 * option, which selects undefined.
 */
export function EntitySelect({
  label,
  value,
  onChange,
  options,
  emptyLabel,
  required,
  disabled,
}: {
  label: string;
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  options: Entity[] | undefined;
  emptyLabel?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  return (
    <label className="field-inline">
      <span>{label}</span>
      <select required={required} disabled={disabled} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options?.map((o) => (
          <option key={o.id} value={o.id}>
            {o.code === undefined ? o.name : `${o.name} (${o.code})`}
          </option>
        ))}
      </select>
    </label>
  );
}
