import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../config/app-config';
import { engineOf, idleFrameSender, textFrame, unsentBytes, VERIFIED_VERSIONS } from './engine-internals';

/** Who loads each package at run time: Socket.IO loads engine.io and the parser, engine.io loads ws. */
const LOADED_BY: Record<keyof typeof VERIFIED_VERSIONS, string[]> = {
  'engine.io': ['socket.io'],
  'socket.io-parser': ['socket.io'],
  ws: ['socket.io', 'engine.io'],
};

function installedVersion(name: keyof typeof VERIFIED_VERSIONS): string {
  let from = createRequire(join(__dirname, 'engine-internals.ts'));
  for (const parent of LOADED_BY[name]) from = createRequire(from.resolve(parent));
  const entry = from.resolve(name);
  let dir = dirname(entry);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json for ${name}`);
    dir = parent;
  }
}

const fakeSocket = (conn: unknown) => ({ conn }) as unknown as Socket;

describe('engine internals', () => {
  it.each(Object.entries(VERIFIED_VERSIONS))(
    'reads %s internals only at the verified version (re-check engine-internals.ts, then update VERIFIED_VERSIONS)',
    (name, verified) => {
      expect(installedVersion(name as keyof typeof VERIFIED_VERSIONS)).toBe(verified);
    },
  );

  it('builds an unmasked final text frame in one buffer (one write per socket, not cork + writev)', () => {
    const frame = textFrame('4hello');
    expect(frame).toHaveLength(1);
    const bytes = frame![0];
    expect(bytes[0]).toBe(0x81);
    expect(bytes[1]).toBe(6);
    expect(bytes.subarray(2).toString()).toBe('4hello');
  });

  it('finds no frame sender (so Socket.IO is used) when a private field is missing or the socket is busy', () => {
    const sendFrame = () => undefined;
    const idle = { readyState: 'open', writeBuffer: [], transport: { name: 'websocket', writable: true, socket: { readyState: 1, _sender: { sendFrame } } } };
    const senderOf = (fields: object) => idleFrameSender(engineOf(fakeSocket(fields)));
    expect(senderOf(idle)).toBe(idle.transport.socket._sender);
    expect(senderOf({})).toBeNull();
    expect(senderOf({ ...idle, writeBuffer: undefined })).toBeNull();
    expect(senderOf({ ...idle, writeBuffer: [{ data: 'x' }] })).toBeNull();
    expect(senderOf({ ...idle, transport: { ...idle.transport, socket: { readyState: 1 } } })).toBeNull();
    expect(senderOf({ ...idle, transport: { ...idle.transport, socket: { readyState: 1, _sender: {} } } })).toBeNull();
    expect(senderOf({ ...idle, transport: { ...idle.transport, opts: { perMessageDeflate: {} } } })).toBeNull();
  });

  it('counts unsent bytes from what it can read and 0 for what it cannot', () => {
    expect(unsentBytes(fakeSocket({}))).toBe(0);
    expect(unsentBytes(fakeSocket({ writeBuffer: [{ data: 'abc' }, { data: new Uint8Array(5) }, {}], transport: { socket: { bufferedAmount: 10 } } }))).toBe(
      18,
    );
  });

  it('direct frames are on by default and REALTIME_DIRECT_FRAMES=false switches them off', () => {
    expect(loadAppConfig({}).realtimeDirectFrames).toBe(true);
    expect(loadAppConfig({ REALTIME_DIRECT_FRAMES: 'false' }).realtimeDirectFrames).toBe(false);
  });
});
