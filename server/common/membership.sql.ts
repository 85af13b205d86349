/**
 * The team-at-the-time rule as SQL, written once: a membership row `m` covers the local dates
 * [valid_from, valid_to) — valid_from NULL reaches back to all earlier data, valid_to NULL is
 * the current team. Dates are local dates in the org time zone.
 */

/** Membership `m` holds the local date `date` (an SQL date expression). */
export const membershipHolds = (m: string, date: string): string =>
  `(${m}.valid_from IS NULL OR ${m}.valid_from <= ${date}) AND (${m}.valid_to IS NULL OR ${m}.valid_to > ${date})`;

/** Membership `m` overlaps the inclusive local-date range [from, to]. */
export const membershipOverlaps = (m: string, from: string, to: string): string =>
  `(${m}.valid_from IS NULL OR ${m}.valid_from <= ${to}) AND (${m}.valid_to IS NULL OR ${m}.valid_to > ${from})`;
