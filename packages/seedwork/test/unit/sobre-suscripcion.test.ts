import { expect } from 'chai';
import { comun, eventos, TIPOS_EVENTO } from '@alpes/contratos';
import {
  crearLogger,
  desdeJsonProto,
  ErrorDominio,
  sobreSuscripcion,
  type CodecJson,
  type EventoRecibido,
  type Respuesta,
} from '../../src';

// The envelope in memory: deliveries in, typed commands to the handler, Dapr replies out.

interface Cobro {
  idEvento: string;
  idPago: string;
  intento: number;
}
type Desenlace = 'hecho' | 'reintentable' | 'rechazado';
const RESPUESTAS: Record<Desenlace, Respuesta> = {
  hecho: 'SUCCESS',
  reintentable: 'RETRY',
  rechazado: 'DROP',
};

function entrega(datos: unknown, cambios: Partial<EventoRecibido> = {}): EventoRecibido {
  return {
    id: 'ev-1',
    tipo: TIPOS_EVENTO.liquidacionFallida,
    topico: 't',
    datos,
    datosCrudos: Buffer.from(JSON.stringify(datos ?? null)),
    traceparent: '00-traza-01',
    ...cambios,
  };
}

describe('sobre de suscripción: eventos decodificados en el borde', () => {
  let recibidos: Cobro[];
  let contados: string[];
  let lineas: Array<Record<string, unknown>>;
  let desenlace: Desenlace | Error;

  const suscripcion = (siIndescifrable?: Respuesta) =>
    sobreSuscripcion({
      topico: 't',
      topicoDeadLetter: 't-dlq',
      tipo: TIPOS_EVENTO.liquidacionFallida,
      decodificar: (datos, evento): Cobro => {
        const e = desdeJsonProto(eventos.LiquidacionFallida, datos);
        if (!e.idPago) throw ErrorDominio.invalido('id_pago', 'requerido');
        return { idEvento: evento.id, idPago: e.idPago, intento: e.intento };
      },
      contexto: (cmd, evento) => ({
        id_pago: cmd.idPago,
        id_evento: evento.id,
        traceparent: evento.traceparent,
      }),
      manejar: async (cmd) => {
        recibidos.push(cmd);
        if (desenlace instanceof Error) throw desenlace;
        return desenlace;
      },
      respuesta: (d) => RESPUESTAS[d],
      siIndescifrable,
      contar: (topico, d) => contados.push(`${topico}:${d}`),
      logger: crearLogger({
        servicio: 'prueba',
        nivel: 'debug',
        escribir: (l) => lineas.push(JSON.parse(l) as Record<string, unknown>),
      }),
    });

  beforeEach(() => {
    recibidos = [];
    contados = [];
    lineas = [];
    desenlace = 'hecho';
  });

  it('el caso de uso recibe el comando tipado y su desenlace decide la respuesta', async () => {
    const s = suscripcion();
    expect(await s.manejar(entrega({ idPago: 'p-1', intento: 2 }))).to.equal('SUCCESS');
    expect(recibidos).to.deep.equal([{ idEvento: 'ev-1', idPago: 'p-1', intento: 2 }]);
    desenlace = 'reintentable';
    expect(await s.manejar(entrega({ id_pago: 'p-1', intento: 2 }))).to.equal('RETRY');
    desenlace = 'rechazado';
    expect(await s.manejar(entrega({ idPago: 'p-1' }))).to.equal('DROP');
    expect(contados).to.deep.equal(['t:hecho', 't:reintentable', 't:rechazado']);
    expect(s).to.include({ topico: 't', topicoDeadLetter: 't-dlq' });
  });

  it('otro type CloudEvent, otra versión del contrato o datos indescifrables: DROP sin llegar al caso de uso', async () => {
    const s = suscripcion();
    const casos = [
      entrega({ idPago: 'p-1' }, { tipo: TIPOS_EVENTO.liquidacionFinalizada }),
      entrega({ idPago: 'p-1' }, { tipo: 'alpespartners.eventos.v2.LiquidacionFallida' }),
      entrega({ idPago: 'p-1' }, { id: '' }),
      entrega(undefined),
      entrega({ idPago: 7 }),
      entrega({ idPago: '' }),
    ];
    for (const evento of casos) expect(await s.manejar(evento)).to.equal('DROP');
    expect(recibidos).to.have.length(0);
    expect(contados).to.deep.equal(Array(casos.length).fill('t:indescifrable'));
    expect(lineas[1]!.error).to.match(/versión de evento no soportada/);
    expect(lineas[4]).to.include({ campo: 'id_pago', traceparent: '00-traza-01' });
  });

  it('en un dead letter lo indescifrable se confirma (SUCCESS) y su línea guarda los datos', async () => {
    expect(await suscripcion('SUCCESS').manejar(entrega({ idPago: 7 }))).to.equal('SUCCESS');
    expect(lineas).to.have.length(1);
    expect(lineas[0]).to.include({ datos: '{"idPago":7}' });
  });

  it('un fallo inesperado del caso de uso pide RETRY y su línea lleva el contexto del evento', async () => {
    desenlace = new Error('base de datos caída');
    expect(await suscripcion().manejar(entrega({ idPago: 'p-1', intento: 1 }))).to.equal('RETRY');
    expect(contados).to.deep.equal(['t:error']);
    expect(lineas).to.have.length(1);
    expect(lineas[0]).to.include({ id_pago: 'p-1', id_evento: 'ev-1', traceparent: '00-traza-01' });
  });

  it('un lote recibe una respuesta por evento, en orden', async () => {
    const respuestas = await suscripcion().manejarLote([
      entrega({ idPago: 'p-1' }),
      entrega(undefined),
      entrega({ idPago: 'p-3' }, { id: 'ev-3' }),
    ]);
    expect(respuestas).to.deep.equal(['SUCCESS', 'DROP', 'SUCCESS']);
    expect(recibidos.map((c) => c.idPago)).to.deep.equal(['p-1', 'p-3']);
  });
});

describe('JSON proto3 con el codec generado, estricto', () => {
  it('un texto que no es texto, o un número que no es número, se rechaza nombrando el campo', () => {
    const campo = (datos: unknown, codec: CodecJson<unknown> = eventos.LiquidacionFallida) => {
      try {
        desdeJsonProto(codec, datos);
        return undefined;
      } catch (error) {
        return (error as ErrorDominio).campo;
      }
    };
    expect(campo({ id_pago: 7 })).to.equal('id_pago');
    expect(campo({ intento: '1' })).to.equal('intento');
    expect(campo([])).to.equal('data');
    expect(campo({ resultado: 'RESULTADO_LIQUIDACION_PAGADO' }, eventos.LiquidacionFinalizada)).to.equal(
      undefined,
    );
    expect(campo({ resultado: 1 }, eventos.LiquidacionFinalizada)).to.equal(undefined);
  });

  it('un mensaje anidado se revisa con su prefijo', () => {
    expect(() => desdeJsonProto(comun.Monto, { moneda: 7 }, 'monto'))
      .to.throw(ErrorDominio)
      .with.property('campo', 'monto.moneda');
  });

  it('int64 acepta texto o número; los nombres originales del proto también', () => {
    const monto = (datos: unknown) => desdeJsonProto(eventos.PagoSolicitado, { monto: datos }).monto;
    expect(monto({ moneda: 'COP', unidadesMenores: '150000' })).to.deep.equal({
      moneda: 'COP',
      unidadesMenores: 150000n,
    });
    expect(monto({ moneda: 'COP', unidades_menores: 5 })).to.deep.equal({
      moneda: 'COP',
      unidadesMenores: 5n,
    });
  });
});
