export const SESSION_COOKIE = 'callscope_session';
export const AUTH_SECRET = Symbol('AUTH_SECRET');
export const SESSION_TTL_HOURS = 12;
