import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HandshakeProbe } from './handshake-probe';

describe('HandshakeProbe', () => {
  let probe: HandshakeProbe;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    probe = TestBed.inject(HandshakeProbe);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const answer = async (body: string, status: number) => {
    const result = probe.probe();
    const request = http.expectOne((r) => r.url === '/socket.io/' && r.params.get('transport') === 'polling' && r.params.get('EIO') === '4');
    request.flush(body, { status, statusText: 'x' });
    return result;
  };

  it('reads a refused origin and a connection limit from the Engine.IO refusal', async () => {
    expect(await answer('{"code":4,"message":"ORIGIN_NOT_ALLOWED"}', 403)).toBe('refused');
    expect(await answer('{"code":4,"message":"RATE_LIMITED"}', 403)).toBe('rate-limited');
    expect(await answer('{"code":4,"message":"RATE_LIMITED"}', 429)).toBe('rate-limited');
    expect(await answer('Too Many Requests', 429)).toBe('rate-limited');
    expect(await answer('{"code":3,"message":"Bad request"}', 400)).toBe('failed');
    expect(await answer('<html>Bad Gateway</html>', 502)).toBe('failed');
  });

  it('calls a network error unreachable', async () => {
    const result = probe.probe();
    http.expectOne((r) => r.url === '/socket.io/').error(new ProgressEvent('error'), { status: 0 });
    expect(await result).toBe('unreachable');
  });

  it('closes the Engine.IO session an accepted probe opened', async () => {
    expect(await answer('0{"sid":"abc123","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}', 200)).toBe('reachable');
    const close = http.expectOne((r) => r.method === 'POST' && r.params.get('sid') === 'abc123');
    expect(close.request.body).toBe('1');
    close.flush('ok');
  });
});
