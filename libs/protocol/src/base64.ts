import { ProtocolError } from './errors';

/** `pixels` events carry a batch frame as standard, padded base64 (docs/protocol.md 4). */
type NodeBufferInstance = Uint8Array & { toString(encoding: 'base64'): string };
interface NodeBufferLike {
  from(data: ArrayBufferLike, byteOffset: number, length: number): NodeBufferInstance;
  from(data: string, encoding: 'base64'): NodeBufferInstance;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk) as unknown as number[]);
  }
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) throw new ProtocolError('BAD_BASE64', 'not standard padded base64');
  if (NodeBuffer) {
    const buf = NodeBuffer.from(text, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
