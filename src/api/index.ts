// The HTTP API (issue 11): Hono routes over the app's use cases (docs/api.md).
export { createApi, type ApiOptions } from './app.ts';
export { errorAnswer, pathOf, pointerOf, type ErrorBody, type FieldError } from './errors.ts';
export { coerceText } from './inputs.ts';
export { DEFAULT_RATE_LIMIT, TokenBuckets, type RateLimit } from './rate-limit.ts';
export { ROUTES, SERVER_ONLY, routeOf, type ApiRoute } from './routes.ts';
export { closeOnSignals, listen, type ListenOptions, type RunningServer } from './server.ts';
export {
  SESSION_COOKIE,
  Sessions,
  cookieValue,
  type SessionIdentity,
  type SessionOptions,
} from './session.ts';
export { serveDashboard, type DashboardOptions } from './static.ts';
