import { Link } from 'react-router-dom';
import { callPath } from './api/call-keys';

/** A call named by its external id, linking to its page (docs/api.md: evidence everywhere links here). */
export function CallLink({ externalId, className = 'call-link' }: { externalId: string; className?: string }) {
  return (
    <Link to={callPath(externalId)} className={className}>
      {externalId}
    </Link>
  );
}
