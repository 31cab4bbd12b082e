// The security settings of a service's public gRPC port, read from the environment like the rest of
// its configuration: who may call (JWKS, issuer, audience, algorithms), TLS (certificate and key files,
// e.g. tls.crt/tls.key of a cert-manager Secret) and whether server reflection is served.
// Authentication is on unless AUTENTICACION_DESACTIVADA=true is set explicitly: a service never starts
// open by omission.
import * as fs from 'node:fs';
import { booleano, entero, ErrorConfiguracion, texto, type Configuracion } from '../configuracion';
import { protegerServicio } from '../grpc/autorizacion';
import type { OpcionesServidorGrpc, ServicioGrpc } from '../grpc/servidor';
import type { Logger } from '../registro';
import { crearVerificadorTokens } from './verificador-tokens';

/** Variables every service spreads into its own configuration schema. */
export const ESQUEMA_SEGURIDAD_GRPC = {
  jwksTokens: texto('JWKS_TOKENS', { porDefecto: '' }),
  emisorTokens: texto('EMISOR_TOKENS', { porDefecto: '' }),
  audienciaTokens: texto('AUDIENCIA_TOKENS', { porDefecto: '' }),
  algoritmosTokens: texto('ALGORITMOS_TOKENS', { porDefecto: 'ES256,RS256' }),
  autenticacionDesactivada: booleano('AUTENTICACION_DESACTIVADA', { porDefecto: false }),
  certificadoTls: texto('CERTIFICADO_TLS', { porDefecto: '' }),
  claveTls: texto('CLAVE_TLS', { porDefecto: '' }),
  reflexionGrpc: booleano('REFLEXION_GRPC', { porDefecto: true }),
  // with TLS, health alone in plaintext here for the kubelet's gRPC probes (0: none)
  puertoSaludPlano: entero('PUERTO_SALUD_PLANO', { min: 0, max: 65535, porDefecto: 0 }),
};

export type ConfiguracionSeguridadGrpc = Configuracion<typeof ESQUEMA_SEGURIDAD_GRPC>;

/** The wrapper for the public API, and what crearServidorGrpc needs: TLS, reflection on/off, plaintext health. */
export interface SeguridadGrpc {
  proteger(servicio: ServicioGrpc): ServicioGrpc;
  opcionesServidor: Pick<OpcionesServidorGrpc, 'tls' | 'reflexion' | 'puertoSaludPlano'>;
}

/** Validates the settings (every problem at once), reads the TLS files and loads the JWKS. */
export async function prepararSeguridadGrpc(
  c: ConfiguracionSeguridadGrpc,
  permisos: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<SeguridadGrpc> {
  const problemas: string[] = [];
  if (!c.autenticacionDesactivada) {
    const faltan = (
      [
        ['JWKS_TOKENS', c.jwksTokens, 'la ruta de un JWKS o su URL https://'],
        ['EMISOR_TOKENS', c.emisorTokens, 'el emisor (iss) de los tokens'],
        ['AUDIENCIA_TOKENS', c.audienciaTokens, 'la audiencia (aud) de los tokens'],
      ] as const
    ).filter(([, valor]) => !valor);
    for (const [nombre, , esperado] of faltan) {
      problemas.push(
        `${nombre} no está definida: se espera ${esperado} (o AUTENTICACION_DESACTIVADA=true, solo en desarrollo)`,
      );
    }
  }
  if (Boolean(c.certificadoTls) !== Boolean(c.claveTls)) {
    problemas.push('CERTIFICADO_TLS y CLAVE_TLS van juntas: se esperan ambas rutas o ninguna');
  }
  const leer = (nombre: string, ruta: string) => {
    try {
      return fs.readFileSync(ruta);
    } catch (error) {
      problemas.push(`${nombre}=${JSON.stringify(ruta)} no se puede leer: ${(error as Error).message}`);
      return Buffer.alloc(0);
    }
  };
  const tls =
    c.certificadoTls && c.claveTls
      ? { certificado: leer('CERTIFICADO_TLS', c.certificadoTls), clave: leer('CLAVE_TLS', c.claveTls) }
      : undefined;
  if (problemas.length > 0) throw new ErrorConfiguracion(problemas);
  const opcionesServidor = { tls, reflexion: c.reflexionGrpc, puertoSaludPlano: c.puertoSaludPlano };

  if (c.autenticacionDesactivada) {
    logger.warn('AUTENTICACION_DESACTIVADA=true: la API pública acepta llamadas sin credencial');
    return { proteger: (s) => s, opcionesServidor };
  }
  let verificador;
  try {
    verificador = await crearVerificadorTokens({
      jwks: c.jwksTokens,
      emisor: c.emisorTokens,
      audiencia: c.audienciaTokens,
      algoritmos: c.algoritmosTokens
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    });
  } catch (error) {
    throw new ErrorConfiguracion([`JWKS_TOKENS/ALGORITMOS_TOKENS: ${(error as Error).message}`]);
  }
  return {
    proteger: (s) => protegerServicio(s, { verificador, permisos, logger }),
    opcionesServidor,
  };
}
