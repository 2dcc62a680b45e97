// Micro-benchmark: verifying an HS256 token with the secret as a string vs as a KeyObject (issue 12).
//   node bench/jwt-secret.mjs [--iterations 20000]
// jsonwebtoken 9 first tries to parse a string secret as a public key, which throws on every verify.
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jwt = createRequire(createRequire(join(root, 'server', 'package.json')).resolve('@nestjs/jwt'))('jsonwebtoken');
const at = process.argv.indexOf('--iterations');
const iterations = at > 0 ? Number(process.argv[at + 1]) : 20000;
const secret = 'a-production-like-secret-of-forty-characters';
const token = jwt.sign({ sub: 42, kind: 'staff', roles: ['dispatcher'], dept: 3, cv: 0 }, secret, { algorithm: 'HS256', expiresIn: 3600 });

function measure(label, key) {
  for (let i = 0; i < 1000; i++) jwt.verify(token, key, { algorithms: ['HS256'] });
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) jwt.verify(token, key, { algorithms: ['HS256'] });
  const us = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${label.padEnd(10)} ${us.toFixed(1)} µs per verify (${iterations} verifies)`);
  return us;
}

const asString = measure('string', secret);
const asKey = measure('KeyObject', createSecretKey(Buffer.from(secret)));
console.log(`KeyObject is ${(asString / asKey).toFixed(0)}× faster`);
