/**
 * Login CSRF defence (pure): a browser adds `Origin` to every cross-site POST, so a sign-in
 * whose Origin is neither this server nor an origin allowed by CALLSCOPE_CORS_ORIGIN comes
 * from another site's page and is refused. Requests without Origin (curl, scripts, same-origin
 * navigations of old browsers) carry no ambient cookie of ours and stay allowed.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Same origin: the page was served by this host (the scheme is the proxy's business).
  return host !== undefined && url.host.toLowerCase() === host.toLowerCase();
}

/** CALLSCOPE_CORS_ORIGIN as a list. */
export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}
