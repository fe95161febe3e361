// An HTTP load process (child_process.fork):
//  - "place": paced POST /api/canvas/pixels at a fixed offered rate, round-robin over
//    the given players; records, per accepted placement, its version, when it was sent
//    and when its 201 arrived (system-wide monotonic clock), so receivers in other
//    processes can be correlated by version. A send that finds every connection busy is
//    skipped (counted), never queued: the offered load stays bounded.
//  - "poll": M guests polling GET /api/canvas with If-None-Match every pollMs.
import http from 'node:http';
import { Hist, nowMs } from './stats.mjs';

function pacedLoop({ rate, durationMs, maxInFlight, issue, isInFlight }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let issued = 0;
    let skipped = 0;
    const step = () => {
      const elapsed = performance.now() - t0;
      const due = Math.min(Math.floor((Math.min(elapsed, durationMs) * rate) / 1000), Math.ceil((durationMs * rate) / 1000));
      while (issued < due) {
        issued++;
        if (isInFlight() >= maxInFlight) skipped++;
        else issue(issued - 1);
      }
      if (elapsed >= durationMs) resolve({ issued, skipped, wallMs: elapsed });
      else setTimeout(step, 2);
    };
    step();
  });
}

async function drain(isInFlight, timeoutMs) {
  const start = Date.now();
  while (isInFlight() > 0 && Date.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 10));
}

async function place(msg) {
  const url = new URL(msg.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: msg.connections, maxFreeSockets: msg.connections });
  const players = msg.players;
  const statuses = {};
  const codes = {};
  const refusalSamples = [];
  const lastSendOf = new Float64Array(players.length).fill(NaN);
  const lastLatencyOf = new Float64Array(players.length).fill(NaN);
  const errors = {};
  const versions = [];
  const sends = [];
  const acks = [];
  const reqHist = new Hist();
  let inFlight = 0;
  let seed = msg.seed ?? 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const headersOf = players.map((p) => (p.token ? { authorization: `Bearer ${p.token}` } : { 'x-dev-user': p.name }));
  const issue = (i) => {
    const player = i % players.length;
    const body = Buffer.from(JSON.stringify({ x: Math.floor(rnd() * msg.width), y: Math.floor(rnd() * msg.height), color: Math.floor(rnd() * msg.colors) }));
    inFlight++;
    const tSend = nowMs();
    const sinceLastSend = tSend - lastSendOf[player];
    const previousLatency = lastLatencyOf[player];
    lastSendOf[player] = tSend;
    lastLatencyOf[player] = NaN;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/canvas/pixels',
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headersOf[player] },
        timeout: msg.timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const t = nowMs();
          if (lastSendOf[player] === tSend) lastLatencyOf[player] = t - tSend;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode !== 201) {
            let code = '';
            try {
              code = JSON.parse(Buffer.concat(chunks).toString('utf8')).code ?? '';
            } catch {
              // not JSON
            }
            const key = `${res.statusCode} ${code}`.trim();
            codes[key] = (codes[key] ?? 0) + 1;
            if (refusalSamples.length < 5) {
              refusalSamples.push({
                player,
                sinceLastSendMs: Math.round(sinceLastSend),
                previousLatencyMs: Math.round(previousLatency),
                latencyMs: Math.round(t - tSend),
                body: Buffer.concat(chunks).toString('utf8').slice(0, 200),
              });
            }
          }
          if (res.statusCode === 201) {
            try {
              const { version } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              versions.push(version);
              sends.push(tSend);
              acks.push(t);
              reqHist.add(t - tSend);
            } catch {
              errors['bad 201 body'] = (errors['bad 201 body'] ?? 0) + 1;
            }
          }
          finish();
        });
        res.on('error', finish);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => {
      const key = String(error.code ?? error.message).slice(0, 60);
      errors[key] = (errors[key] ?? 0) + 1;
      finish();
    });
    req.end(body);
  };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const loop = await pacedLoop({ rate: msg.rate, durationMs: msg.durationMs, maxInFlight: msg.connections, issue, isInFlight: () => inFlight });
  await drain(() => inFlight, msg.drainMs ?? msg.timeoutMs + 1000);
  const abandoned = inFlight;
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  agent.destroy();
  return {
    type: 'placed',
    issued: loop.issued,
    skipped: loop.skipped,
    sendWallMs: loop.wallMs,
    wallMs,
    abandoned, // still unanswered after drainMs: destroyed, never counted as accepted
    statuses,
    codes,
    refusalSamples,
    errors,
    versions,
    sends,
    acks,
    reqHist: reqHist.toJSON(),
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function poll(msg) {
  const url = new URL(msg.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: msg.connections, maxFreeSockets: msg.connections });
  const etags = new Array(msg.guests).fill(undefined);
  const statuses = {};
  const errors = {};
  const hist = new Hist();
  let bytes = 0;
  let inFlight = 0;
  const issue = (i) => {
    const guest = i % msg.guests;
    inFlight++;
    const t0 = nowMs();
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'GET',
        path: '/api/canvas',
        headers: etags[guest] ? { 'if-none-match': etags[guest] } : {},
        timeout: msg.timeoutMs,
      },
      (res) => {
        res.on('data', (c) => {
          bytes += c.length;
        });
        res.on('end', () => {
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode === 200 && res.headers.etag) etags[guest] = res.headers.etag;
          hist.add(nowMs() - t0);
          finish();
        });
        res.on('error', finish);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => {
      const key = String(error.code ?? error.message).slice(0, 60);
      errors[key] = (errors[key] ?? 0) + 1;
      finish();
    });
    req.end();
  };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const rate = (msg.guests * 1000) / msg.pollMs;
  const loop = await pacedLoop({ rate, durationMs: msg.durationMs, maxInFlight: msg.connections, issue, isInFlight: () => inFlight });
  await drain(() => inFlight, msg.timeoutMs + 1000);
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    type: 'polled',
    rate,
    issued: loop.issued,
    skipped: loop.skipped,
    statuses,
    errors,
    bytes,
    hist: hist.toJSON(),
    wallMs: performance.now() - wall0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function handle(msg) {
  if (msg.cmd === 'place') return place(msg);
  if (msg.cmd === 'poll') return poll(msg);
  if (msg.cmd === 'exit') {
    setTimeout(() => process.exit(0), 10);
    return { type: 'exiting' };
  }
  return { type: 'error', message: `unknown command ${msg.cmd}` };
}

process.on('message', (msg) => {
  handle(msg).then(
    (reply) => process.send({ id: msg.id, ...reply }),
    (error) => process.send({ id: msg.id, type: 'error', message: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
