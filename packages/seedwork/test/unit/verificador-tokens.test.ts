import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  asegurarClavesLocales,
  AUDIENCIA_LOCAL,
  crearCredencialDePrueba,
  crearVerificadorTokens,
  EMISOR_LOCAL,
  ErrorCredencial,
  type CredencialDePrueba,
  type OpcionesVerificador,
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

describe('cache de tokens verificados', () => {
  let c: CredencialDePrueba;
  let otraClave: string;
  let ahoraMs: number;
  const reloj = { ahora: () => new Date(ahoraMs) };
  const enS = (ms: number) => Math.floor(ms / 1000);

  const verificador = (o: Partial<OpcionesVerificador> = {}) =>
    crearVerificadorTokens({
      jwks: c.variables.JWKS_TOKENS!,
      emisor: EMISOR_LOCAL,
      audiencia: AUDIENCIA_LOCAL,
      reloj,
      ...o,
    });

  /** The JWKS now holds only another key (a rotation that removed ours), with a new mtime. */
  function retirarClave(): void {
    fs.copyFileSync(path.join(otraClave, 'jwks.json'), c.variables.JWKS_TOKENS!);
    const nuevo = new Date(fs.statSync(c.variables.JWKS_TOKENS!).mtimeMs + 10_000);
    fs.utimesSync(c.variables.JWKS_TOKENS!, nuevo, nuevo);
  }

  beforeEach(() => {
    c = crearCredencialDePrueba();
    otraClave = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-credencial-rotada-'));
    asegurarClavesLocales(otraClave);
    ahoraMs = Date.now();
  });
  afterEach(() => {
    c.eliminar();
    fs.rmSync(otraClave, { recursive: true, force: true });
  });

  it('un token vencido se rechaza aunque se haya guardado en la cache antes de vencer', async () => {
    const v = await verificador({ toleranciaS: 0 });
    const token = await c.token(['pagos:leer'], { expiraEn: enS(ahoraMs) + 10 });
    expect((await v.verificar(token)).permisos.has('pagos:leer')).to.equal(true);
    expect(v.entradasEnCache()).to.equal(1);
    ahoraMs += 9_000;
    expect((await v.verificar(token)).permisos.has('pagos:leer')).to.equal(true);
    ahoraMs += 2_000; // past exp, long before the entry's 60 s cap
    expect(await motivoDeRechazo(v.verificar(token))).to.equal('ERR_JWT_EXPIRED');
  });

  it('la firma de una clave retirada del JWKS deja de aceptarse, a más tardar al cumplirse el tope de la cache', async () => {
    const v = await verificador({ cache: { maximoEntradas: 100, vigenciaMaximaMs: 60_000 } });
    const enCache = await c.token(['pagos:leer'], { sujeto: 'operador-en-cache' });
    await v.verificar(enCache);
    retirarClave();
    ahoraMs += 30_000; // the file is re-read (every 5 s): a token not cached is refused at once
    expect(await motivoDeRechazo(v.verificar(await c.token(['pagos:leer'])))).to.equal(
      'ERR_JWKS_NO_MATCHING_KEY',
    );
    // the cached one is still served within its cap...
    expect((await v.verificar(enCache)).sujeto).to.equal('operador-en-cache');
    ahoraMs += 30_001; // ...and not past it
    expect(await motivoDeRechazo(v.verificar(enCache))).to.equal('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('un token alterado en un byte no usa la entrada del original y un rechazo no se guarda', async () => {
    const v = await verificador();
    const original = await c.token(['pagos:leer']);
    await v.verificar(original);
    const [cabecera, cuerpo, firma] = original.split('.') as [string, string, string];
    const cambiar = (texto: string) => {
      const i = Math.floor(texto.length / 2);
      return `${texto.slice(0, i)}${texto[i] === 'A' ? 'B' : 'A'}${texto.slice(i + 1)}`;
    };
    for (const alterado of [
      `${cabecera}.${cambiar(cuerpo)}.${firma}`,
      `${cabecera}.${cuerpo}.${cambiar(firma)}`,
    ]) {
      expect(alterado).to.not.equal(original);
      for (let i = 0; i < 2; i++) {
        expect(await motivoDeRechazo(v.verificar(alterado))).to.match(/^ERR_JWS_/);
      }
    }
    expect(await motivoDeRechazo(v.verificar(await c.tokenDeOtraClave(['pagos:leer'])))).to.equal(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
    expect(v.entradasEnCache()).to.equal(1);
    expect((await v.verificar(original)).permisos.has('pagos:leer')).to.equal(true);
  });

  it('la cache no pasa de su límite y descarta la entrada usada hace más tiempo', async () => {
    const v = await verificador({ cache: { maximoEntradas: 3, vigenciaMaximaMs: 60_000 } });
    const tokens = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => c.token(['pagos:leer'], { sujeto: `s${i}` })),
    );
    const [t1, t2, t3, t4, t5] = tokens as [string, string, string, string, string];
    for (const t of [t1, t2, t3, t1, t4, t5]) {
      await v.verificar(t);
      expect(v.entradasEnCache()).to.be.at.most(3);
    }
    expect(v.entradasEnCache()).to.equal(3);
    // which ones are kept shows once the key is gone: those are still served, the evicted are refused
    retirarClave();
    ahoraMs += 10_000;
    for (const t of [t1, t4, t5]) expect((await v.verificar(t)).permisos.has('pagos:leer')).to.equal(true);
    for (const t of [t2, t3])
      expect(await motivoDeRechazo(v.verificar(t))).to.equal('ERR_JWKS_NO_MATCHING_KEY');
    expect(v.entradasEnCache()).to.equal(3);
  });

  it('con maximoEntradas 0 no guarda nada: cada llamada verifica la firma', async () => {
    const v = await verificador({ cache: { maximoEntradas: 0, vigenciaMaximaMs: 60_000 } });
    const token = await c.token(['pagos:leer']);
    await v.verificar(token);
    expect(v.entradasEnCache()).to.equal(0);
    retirarClave();
    ahoraMs += 6_000;
    expect(await motivoDeRechazo(v.verificar(token))).to.equal('ERR_JWKS_NO_MATCHING_KEY');
  });
});
