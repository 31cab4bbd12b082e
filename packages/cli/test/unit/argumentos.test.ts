import { expect } from 'chai';
import { pagos, liquidacion } from '@alpes/contratos';
import { analizarArgumentos, type Analisis } from '../../src/argumentos';
import { ErrorDeUso } from '../../src/codigos-salida';

function comando(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const r: Analisis = analizarArgumentos(argv, env);
  if (r.tipo !== 'comando') throw new Error(`se esperaba un comando, llegó ${r.tipo}`);
  return r;
}

function errorDeUso(argv: string[]): ErrorDeUso {
  try {
    analizarArgumentos(argv, {});
  } catch (error) {
    expect(error).to.be.instanceOf(ErrorDeUso);
    return error as ErrorDeUso;
  }
  throw new Error(`"${argv.join(' ')}" debió ser un error de uso`);
}

describe('argumentos de alpes', () => {
  it('solicitar convierte el monto decimal en unidades menores exactas según la moneda', () => {
    const r = comando([
      'pagos',
      'solicitar',
      '--influencer',
      'inf-1',
      '--monto',
      '1500.5',
      '--moneda',
      'COP',
    ]);
    if (r.comando !== 'pagos solicitar') throw new Error(r.comando);
    expect(r.solicitud.monto).to.deep.equal({ moneda: 'COP', unidadesMenores: 150050n });
    expect(r.solicitud.idInfluencer).to.equal('inf-1');
    expect(r.claveGenerada).to.equal(true);
    expect(r.solicitud.claveIdempotencia).to.match(/^[0-9a-f-]{36}$/);
  });

  it('solicitar acepta unidades menores y una clave de idempotencia explícita', () => {
    const r = comando([
      'pagos', 'solicitar', '--influencer', 'i', '--unidades-menores', '9007199254740993',
      '--moneda', 'USD', '--clave', 'k-1', '--programa', 'p', '--referencia', 'r',
    ]); // prettier-ignore
    if (r.comando !== 'pagos solicitar') throw new Error(r.comando);
    expect(r.solicitud.monto?.unidadesMenores).to.equal(9007199254740993n);
    expect(r.solicitud).to.include({ claveIdempotencia: 'k-1', idPrograma: 'p', referencia: 'r' });
    expect(r.claveGenerada).to.equal(false);
  });

  it('las opciones globales pueden ir antes del grupo y el entorno da las direcciones', () => {
    const r = comando(['--json', '--pagos', '10.0.0.1:7000', 'pagos', 'obtener', 'p-1'], {
      ALPES_LIQUIDACION: 'h:1',
      ALPES_PUERTO_PASARELA: '14010',
    });
    expect(r).to.include({ comando: 'pagos obtener', idPago: 'p-1' });
    expect(r.global).to.deep.equal({
      pagos: '10.0.0.1:7000',
      liquidacion: 'h:1',
      pasarela: 'http://127.0.0.1:14010',
      json: true,
      plazoMs: 10000,
    });
  });

  it('listar traduce estado, tamaño y página al filtro de ListarPagos', () => {
    const r = comando([
      'pagos',
      'listar',
      '--estado',
      'fallido',
      '--tamano',
      '20',
      '--pagina',
      'tok',
      '--todas',
    ]);
    if (r.comando !== 'pagos listar') throw new Error(r.comando);
    expect(r.filtro).to.deep.include({
      estado: pagos.EstadoPago.ESTADO_PAGO_FALLIDO,
      pageSize: 20,
      pageToken: 'tok',
    });
    expect(r.todas).to.equal(true);
  });

  it('liquidaciones listar acepta en-proceso', () => {
    const r = comando(['liquidaciones', 'listar', '--estado', 'en-proceso']);
    if (r.comando !== 'liquidaciones listar') throw new Error(r.comando);
    expect(r.filtro.estado).to.equal(liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_EN_PROCESO);
  });

  it('reintentar-fallidos tiene concurrencia 8 y páginas de 500 por omisión', () => {
    const r = comando(['pagos', 'reintentar-fallidos']);
    expect(r).to.include({ concurrencia: 8, tamanoPagina: 500, simular: false, idInfluencer: '' });
  });

  it('fallas sin opciones consulta y con opciones reemplaza todas', () => {
    expect(comando(['pasarela', 'fallas'])).to.not.have.property('nuevas');
    const r = comando(['pasarela', 'fallas', '--tasa-error', '0.25', '--rechazar', 'a, b']);
    if (r.comando !== 'pasarela fallas') throw new Error(r.comando);
    expect(r.nuevas).to.deep.equal({ tasa_error: 0.25, latencia_ms: 0, rechazar_influencers: ['a', 'b'] });
    const ninguna = comando(['pasarela', 'fallas', '--ninguna']);
    if (ninguna.comando !== 'pasarela fallas') throw new Error(ninguna.comando);
    expect(ninguna.nuevas).to.deep.equal({ tasa_error: 0, latencia_ms: 0, rechazar_influencers: [] });
  });

  it('sin argumentos, con ayuda o con --ayuda pide la ayuda', () => {
    expect(analizarArgumentos([], {})).to.deep.equal({ tipo: 'ayuda', grupo: undefined });
    expect(analizarArgumentos(['pagos', 'listar', '-h'], {})).to.deep.include({
      tipo: 'ayuda',
      accion: 'listar',
    });
  });

  describe('errores de uso que nombran la opción culpable', () => {
    const casos: [string[], string, RegExp][] = [
      [['cobros', 'listar'], 'cobros', /grupo de comandos desconocido/],
      [['pagos', 'borrar'], 'borrar', /comando desconocido.*solicitar/],
      [['pagos'], 'pagos', /falta el comando/],
      [['pagos', 'listar', '--bogus'], '--bogus', /opción desconocida/],
      [['pagos', 'obtener'], 'id_pago', /falta el argumento/],
      [['pagos', 'obtener', 'a', 'b'], 'b', /sobran argumentos/],
      [['pagos', 'listar', 'x'], 'x', /no recibe argumentos sueltos/],
      [['pagos', 'listar', '--estado', 'perdido'], '--estado', /solicitado\|pagado/],
      [['pagos', 'listar', '--tamano', '501'], '--tamano', /entre 1 y 500/],
      [['pagos', 'listar', '--pagos', 'localhost'], '--pagos', /host:puerto/],
      [['pasarela', 'estado', '--pasarela', 'ftp://x'], '--pasarela', /http/],
      [['pagos', 'listar', '--plazo-ms=0'], '--plazo-ms', /entre 1 y/],
      [['pagos', 'solicitar', '--influencer', 'i', '--moneda', 'COP'], '--monto', /uno de los dos/],
      [['pagos', 'solicitar', '--influencer', 'i', '--moneda', 'cop', '--monto', '1'], '--moneda', /mayúsculas/],
      [['pagos', 'solicitar', '--influencer', 'i', '--moneda', 'JPY', '--monto', '1.5'], '--monto', /0 decimales/],
      [['pagos', 'solicitar', '--influencer', 'i', '--moneda', 'COP', '--monto', '1,5'], '--monto', /no es un monto/],
      [['pagos', 'solicitar', '--moneda', 'COP', '--monto', '1'], '--influencer', /falta --influencer/],
      [['pagos', 'solicitar', '--influencer', 'i', '--moneda', 'COP', '--unidades-menores=-5'], '--unidades-menores', /entero/],
      [['pagos', 'solicitar', '--unidades-menores', '-5'], '--unidades-menores', /--unidades-menores=<valor>/],
      [['pagos', 'listar', '--tamano'], '--tamano', /le falta su valor/],
      [['pasarela', 'fallas', '--tasa-error', '1.5'], '--tasa-error', /entre 0 y 1/],
      [['pasarela', 'fallas', '--ninguna', '--latencia-ms', '5'], '--ninguna', /no se combina/],
    ]; // prettier-ignore
    for (const [argv, opcion, mensaje] of casos) {
      it(`alpes ${argv.join(' ')} -> ${opcion}`, () => {
        const error = errorDeUso(argv);
        expect(error.opcion).to.equal(opcion);
        expect(error.message).to.match(mensaje);
      });
    }
  });
});
