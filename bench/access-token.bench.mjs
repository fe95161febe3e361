// Access-token verification cost with the server's settings (@nestjs/jwt, HS256 only):
// a KeyObject secret (what AccessTokenService uses) against a plain string secret.
// Run: node bench/access-token.bench.mjs
import { createSecretKey, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { JwtService } = require('@nestjs/jwt');

const secret = randomBytes(48).toString('base64url');
const claims = { sub: '6f1c0d7e-3a52-4f7e-9a51-0d7f3e2b9c11', sid: 12, role: 'player', name: 'Ada Lovelace', email: 'ada@example.com', typ: 'access' };

function measure(label, key, runs) {
  const jwt = new JwtService({ secret: key, signOptions: { algorithm: 'HS256', expiresIn: 900 }, verifyOptions: { algorithms: ['HS256'] } });
  const token = jwt.sign(claims);
  for (let i = 0; i < Math.min(runs, 2000); i++) jwt.verify(token);
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) jwt.verify(token);
  const micros = Number(process.hrtime.bigint() - started) / 1000 / runs;
  return { secret: label, runs, microsPerVerify: Math.round(micros * 10) / 10, verifiesPerSecondPerCore: Math.round(1e6 / micros) };
}

console.log(
  JSON.stringify(
    { node: process.version, results: [measure('KeyObject', createSecretKey(Buffer.from(secret)), 50_000), measure('string', secret, 2_000)] },
    null,
    2,
  ),
);
