// A throwaway private CA and the server certificates it signs, for the prod-like cluster test: what a
// user's internal PKI would issue for a managed Pulsar and for the APIs (seedwork's
// certificado-de-prueba.ts is self-signed for 127.0.0.1 only). Made with the openssl CLI; RSA keys in
// PKCS#8 PEM, the form Pulsar's broker (Netty, Jetty) loads as well as Node and Go.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ParPem {
  /** PEM certificate. */
  certificado: string;
  /** PEM private key (PKCS#8). */
  clave: string;
}

export interface AutoridadDePrueba extends ParPem {
  /** A server certificate for these DNS names, signed by this CA. */
  emitir(nombresDns: string[]): ParPem;
  eliminar(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A new CA valid for two days (the certificates it signs too). */
export function crearAutoridadDePrueba(nombre = 'alpes-prueba-ca'): AutoridadDePrueba {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-pki-'));
  const leer = (archivo: string) => fs.readFileSync(path.join(dir, archivo), 'utf8');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      `/CN=${nombre}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  let emitidos = 0;
  return {
    certificado: leer('ca.crt'),
    clave: leer('ca.key'),
    emitir(nombresDns) {
      if (nombresDns.length === 0) throw new Error('emitir: se necesita al menos un nombre DNS');
      const n = `servidor-${++emitidos}`;
      fs.writeFileSync(
        path.join(dir, `${n}.ext`),
        [
          'basicConstraints=critical,CA:FALSE',
          'keyUsage=critical,digitalSignature,keyEncipherment',
          'extendedKeyUsage=serverAuth',
          `subjectAltName=${nombresDns.map((d) => `DNS:${d}`).join(',')}`,
        ].join('\n'),
      );
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${n}.key`], dir);
      openssl(['req', '-new', '-key', `${n}.key`, '-out', `${n}.csr`, '-subj', `/CN=${nombresDns[0]}`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${n}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-set_serial',
          String(Date.now() * 100 + emitidos),
          '-days',
          '2',
          '-extfile',
          `${n}.ext`,
          '-out',
          `${n}.crt`,
        ],
        dir,
      );
      return { certificado: leer(`${n}.crt`), clave: leer(`${n}.key`) };
    },
    eliminar: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
