// For tests (like credencial-de-prueba.ts): a self-signed certificate for 127.0.0.1/localhost (its own
// CA), made with the openssl CLI, as a cert-manager Secret would hold it (tls.crt, tls.key).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CertificadoTls {
  dir: string;
  rutaCertificado: string;
  rutaClave: string;
  certificado: Buffer;
  clave: Buffer;
  eliminar(): void;
}

export function crearCertificadoTls(): CertificadoTls {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-tls-'));
  const rutaCertificado = path.join(dir, 'tls.crt');
  const rutaClave = path.join(dir, 'tls.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      rutaClave,
      '-out',
      rutaCertificado,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return {
    dir,
    rutaCertificado,
    rutaClave,
    certificado: fs.readFileSync(rutaCertificado),
    clave: fs.readFileSync(rutaClave),
    eliminar: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
