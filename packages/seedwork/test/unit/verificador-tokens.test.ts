import { expect } from 'chai';
import {
  AUDIENCIA_LOCAL,
  crearCredencialDePrueba,
  crearVerificadorTokens,
  EMISOR_LOCAL,
  ErrorCredencial,
  type CredencialDePrueba,
  type VerificadorTokens,
} from '../../src';

async function motivoDeRechazo(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ErrorCredencial);
    return (e as ErrorCredencial).motivo;
  }
  throw new Error('el token fue aceptado');
}

describe('verificador de tokens (JWT contra un JWKS)', () => {
  let c: CredencialDePrueba;
  let v: VerificadorTokens;

  before(async () => {
    c = crearCredencialDePrueba();
    v = await crearVerificadorTokens({
      jwks: c.variables.JWKS_TOKENS!,
      emisor: EMISOR_LOCAL,
      audiencia: AUDIENCIA_LOCAL,
    });
  });
  after(() => c.eliminar());

  it('acepta un token vigente y devuelve sujeto y permisos del scope', async () => {
    const llamante = await v.verificar(
      await c.token(['pagos:leer', 'pagos:solicitar'], { sujeto: 'operador-1' }),
    );
    expect(llamante.sujeto).to.equal('operador-1');
    expect([...llamante.permisos]).to.have.members(['pagos:leer', 'pagos:solicitar']);
  });

  it('rechaza un token vencido (más allá de la tolerancia de reloj)', async () => {
    const vencido = await c.token(['pagos:leer'], { expiraEn: Math.floor(Date.now() / 1000) - 120 });
    expect(await motivoDeRechazo(v.verificar(vencido))).to.equal('ERR_JWT_EXPIRED');
  });

  it('tolera un desfase de reloj pequeño', async () => {
    const recien = await c.token(['pagos:leer'], { expiraEn: Math.floor(Date.now() / 1000) - 5 });
    expect((await v.verificar(recien)).permisos.has('pagos:leer')).to.equal(true);
  });

  it('rechaza otra audiencia y otro emisor', async () => {
    const audiencia = await c.token(['pagos:leer'], { audiencia: 'otra-api' });
    const emisor = await c.token(['pagos:leer'], { emisor: 'https://otro-emisor' });
    expect(await motivoDeRechazo(v.verificar(audiencia))).to.equal('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await motivoDeRechazo(v.verificar(emisor))).to.equal('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('rechaza una firma de otra clave, alg none y HS256 con la clave pública', async () => {
    expect(await motivoDeRechazo(v.verificar(await c.tokenDeOtraClave(['pagos:leer'])))).to.equal(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
    expect(await motivoDeRechazo(v.verificar(await c.tokenSinFirma(['pagos:leer'])))).to.equal(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
    expect(await motivoDeRechazo(v.verificar(await c.tokenHmacConClavePublica(['pagos:leer'])))).to.equal(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
  });

  it('rechaza texto que no es un JWT', async () => {
    expect(await motivoDeRechazo(v.verificar('no-es-un-jwt'))).to.equal('ERR_JWS_INVALID');
  });

  it('no se configura con algoritmos simétricos ni none', async () => {
    for (const algoritmos of [['none'], ['HS256'], ['ES256', 'HS512'], []]) {
      let error: Error | undefined;
      await crearVerificadorTokens({
        jwks: c.variables.JWKS_TOKENS!,
        emisor: 'e',
        audiencia: 'a',
        algoritmos,
      }).catch((e: Error) => (error = e));
      expect(error?.message, algoritmos.join(',')).to.match(/algoritmos de token no admitidos/);
    }
  });

  it('una URL de JWKS que no es https no se acepta', async () => {
    let error: Error | undefined;
    await crearVerificadorTokens({ jwks: 'http://idp.example/jwks', emisor: 'e', audiencia: 'a' }).catch(
      (e: Error) => (error = e),
    );
    expect(error?.message).to.match(/https/);
  });

  it('si el JWKS remoto no responde no culpa a la credencial (error que no es ErrorCredencial)', async () => {
    const remoto = await crearVerificadorTokens({
      jwks: 'https://127.0.0.1:1/jwks.json',
      emisor: EMISOR_LOCAL,
      audiencia: AUDIENCIA_LOCAL,
    });
    let error: unknown;
    await remoto.verificar(await c.token(['pagos:leer'])).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect(error).to.not.be.instanceOf(ErrorCredencial);
  });
});
