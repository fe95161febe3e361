// HTTP pieces shared by the comparison servers (bench/naive-server.mjs and
// bench/ws-reference-server.mjs): JSON answers and the placement body, read and
// validated the way the real server does (1 KiB limit, integers inside the canvas).

export function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Reads POST /api/canvas/pixels; answers 413/400 itself, else calls place({x, y, color}). */
export function readPlacement(req, res, { width, height, colors }, place) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= 1024) chunks.push(c);
  });
  req.on('end', () => {
    if (size > 1024) return send(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'body over 1 KiB' });
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { code: 'INVALID_PIXEL', message: 'not JSON' });
    }
    const { x, y, color } = body ?? {};
    const ok = (v, max) => Number.isInteger(v) && v >= 0 && v < max;
    if (!ok(x, width) || !ok(y, height) || !ok(color, colors)) return send(res, 400, { code: 'INVALID_PIXEL', message: 'bad pixel' });
    place({ x, y, color });
  });
}
