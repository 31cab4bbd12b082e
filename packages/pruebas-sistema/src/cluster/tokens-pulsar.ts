// Pulsar's token authentication (AuthenticationProviderToken) for the prod-like cluster test: an RSA key
// pair whose public half the broker verifies with (tokenPublicKey, RS256 by default) and JWTs whose
// `sub` is the client's role. No expiry, as `pulsar tokens create` makes them by default.
import { generateKeyPairSync, sign } from 'node:crypto';

export interface FirmaTokensPulsar {
  /** tokenPublicKey for the broker: the DER public key as a data: URL. */
  clavePublica: string;
  /** A token for `rol`. */
  emitir(rol: string): string;
}

const base64url = (datos: Buffer | string) => Buffer.from(datos).toString('base64url');

export function crearFirmaTokensPulsar(): FirmaTokensPulsar {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    clavePublica: `data:;base64,${der.toString('base64')}`,
    emitir(rol) {
      const cuerpo = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify({ sub: rol }))}`;
      return `${cuerpo}.${base64url(sign('sha256', Buffer.from(cuerpo), privateKey))}`;
    },
  };
}
