import { expect } from 'chai';
import {
  crearCredencialDePrueba,
  ErrorConfiguracion,
  ESQUEMA_SEGURIDAD_GRPC,
  leerConfiguracion,
  loggerNulo,
  prepararSeguridadGrpc,
  type SeguridadGrpc,
} from '../../src';

const preparar = (entorno: Record<string, string>) =>
  prepararSeguridadGrpc(leerConfiguracion(ESQUEMA_SEGURIDAD_GRPC, entorno), {}, loggerNulo);

async function problemas(p: Promise<SeguridadGrpc>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ErrorConfiguracion);
    return (e as ErrorConfiguracion).problemas.join('\n');
  }
  throw new Error('la configuración fue aceptada');
}

describe('configuración de seguridad del puerto gRPC público', () => {
  it('sin JWKS, emisor ni audiencia no arranca, y lo dice de las tres variables a la vez', async () => {
    const texto = await problemas(preparar({}));
    for (const v of ['JWKS_TOKENS', 'EMISOR_TOKENS', 'AUDIENCIA_TOKENS']) expect(texto).to.include(v);
  });

  it('certificado sin clave (o al revés) y archivos ilegibles se rechazan', async () => {
    const c = crearCredencialDePrueba();
    try {
      expect(await problemas(preparar({ ...c.variables, CERTIFICADO_TLS: '/no/existe.crt' }))).to.match(
        /CERTIFICADO_TLS y CLAVE_TLS van juntas/,
      );
      expect(
        await problemas(
          preparar({ ...c.variables, CERTIFICADO_TLS: '/no/existe.crt', CLAVE_TLS: '/no/existe.key' }),
        ),
      ).to.match(/CERTIFICADO_TLS="\/no\/existe.crt" no se puede leer/);
      expect(await problemas(preparar({ ...c.variables, ALGORITMOS_TOKENS: 'HS256' }))).to.match(
        /algoritmos de token no admitidos: HS256/,
      );
    } finally {
      c.eliminar();
    }
  });

  it('configurada: reflexión según REFLEXION_GRPC y sin TLS salvo que se pida', async () => {
    const c = crearCredencialDePrueba();
    try {
      const s = await preparar({ ...c.variables, REFLEXION_GRPC: 'false' });
      expect(s.opcionesServidor).to.deep.equal({ tls: undefined, reflexion: false, puertoSaludPlano: 0 });
    } finally {
      c.eliminar();
    }
  });

  it('AUTENTICACION_DESACTIVADA=true (solo desarrollo) deja el servicio tal cual', async () => {
    const s = await preparar({ AUTENTICACION_DESACTIVADA: 'true' });
    const servicio = { nombre: 'x', definicion: {}, implementacion: {} };
    expect(s.proteger(servicio)).to.equal(servicio);
  });
});
