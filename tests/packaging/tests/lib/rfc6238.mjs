// TOTP as RFC 6238 defines it (HMAC-SHA1, dynamic truncation from RFC 4226), written
// from the RFCs for the tests, so the package's codes are checked against something
// other than itself. The tests check it against the RFC's Appendix B table first.
import { createHmac } from 'node:crypto';

/** RFC 6238's test key: the ASCII bytes "12345678901234567890". */
export const RFC_KEY = '12345678901234567890';
/** The same key in base32 (RFC 4648), as authenticator apps take it. */
export const RFC_KEY_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** The code of `key` (bytes as a string) at `unixSeconds`. */
export function totpCode(key, unixSeconds, digits = 6, period = 30) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}
