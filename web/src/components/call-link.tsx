import { Link } from 'react-router-dom';

/** The page of a call, by its external id (URL-encoded: ids may carry `/`, `#` or spaces). */
export const callPath = (externalId: string) => `/calls/${encodeURIComponent(externalId)}`;

/** A call named by its external id, linking to its page (docs/api.md: evidence everywhere links here). */
export function CallLink({ externalId, className = 'call-link' }: { externalId: string; className?: string }) {
  return (
    <Link to={callPath(externalId)} className={className}>
      {externalId}
    </Link>
  );
}
