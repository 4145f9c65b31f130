/**
 * JSON logs with the request id. Only the method, the path without its query string and the
 * status are logged: no bodies, no query strings (searches hold names), no addresses, no cookies.
 */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: (request: { method: string; url: string; routeOptions?: { url?: string } }) => ({
        method: request.method, path: request.url.split('?')[0] ?? '', route: request.routeOptions?.url ?? '',
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: string; statusCode?: number }) => ({
        type: error.name, message: error.message, code: error.code ?? '', statusCode: error.statusCode ?? 0, stack: error.stack ?? '',
      }),
    },
  }
}
