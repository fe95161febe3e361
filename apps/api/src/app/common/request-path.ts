/** The path of a request target without its query string (Express's `req.path`). */
export function requestPath(req: { url: string }): string {
  const query = req.url.indexOf('?');
  return query === -1 ? req.url : req.url.slice(0, query);
}
