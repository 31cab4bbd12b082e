// The PSP call with tracing on: a client span under the event being handled, and its traceparent sent
// to the PSP, so the PSP joins the payment's trace. With tracing off no header is added.
import { expect } from 'chai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { enSpanEvento, iniciarTrazas, type EventoRecibido } from '@alpes/seedwork';
import { Monto } from '@alpes/seedwork/dominio';
import { iniciarReceptorOtlp, type ReceptorOtlp } from '@alpes/seedwork/pruebas';
import { PasarelaHttp } from '../../src/infraestructura/pasarela-http';

const CLIENTE = 3;
const CONSUMIDOR = 5;

/** A PSP that answers every transfer 201 and keeps the headers of each request. */
async function pasarelaQueGraba(): Promise<{
  url: string;
  cabeceras: http.IncomingHttpHeaders[];
  cerrar(): void;
}> {
  const cabeceras: http.IncomingHttpHeaders[] = [];
  const servidor = http.createServer((peticion, respuesta) => {
    cabeceras.push(peticion.headers);
    peticion
      .resume()
      .on('end', () => respuesta.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"tr-1"}'));
  });
  await new Promise<void>((resolve) => servidor.listen(0, '127.0.0.1', resolve));
  const { port } = servidor.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cabeceras,
    cerrar: () => {
      servidor.closeAllConnections();
      servidor.close();
    },
  };
}

describe('llamada a la pasarela con trazas', function () {
  this.timeout(20_000);
  let receptor: ReceptorOtlp;
  let pasarela: Awaited<ReturnType<typeof pasarelaQueGraba>>;
  let adaptador: PasarelaHttp;
  const solicitud = { idPago: 'pago-1', idInfluencer: 'inf-1', monto: Monto.de('COP', 150000n) };

  before(async () => {
    receptor = await iniciarReceptorOtlp();
    pasarela = await pasarelaQueGraba();
    adaptador = new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 2000 });
  });
  after(async () => {
    adaptador?.cerrar();
    pasarela?.cerrar();
    await receptor?.cerrar();
  });

  it('la llamada es un span de cliente hijo del evento, y la pasarela recibe su traceparent', async () => {
    const trazas = iniciarTrazas({ url: receptor.url, servicio: 'liquidacion' });
    try {
      const traceId = randomBytes(16).toString('hex');
      const evento: EventoRecibido = {
        id: 'ev-1',
        tipo: 'alpespartners.eventos.v1.PagoSolicitado',
        topico: 'pagos-solicitados',
        datos: {},
        datosCrudos: Buffer.from('{}'),
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      };
      await enSpanEvento(evento, async () => {
        expect((await adaptador.transferir(solicitud)).tipo).to.equal('pagado');
        return 'SUCCESS';
      });
      await trazas.forzarEnvio();

      const delEvento = receptor.spans.find((s) => s.traceId === traceId && s.kind === CONSUMIDOR);
      const llamada = receptor.spans.find((s) => s.traceId === traceId && s.kind === CLIENTE);
      expect(llamada, 'el span de la llamada').to.deep.include({
        name: 'POST',
        parentSpanId: delEvento!.spanId,
      });
      expect(llamada!.atributos).to.deep.include({
        'http.request.method': 'POST',
        'http.response.status_code': 201,
        'url.full': `${pasarela.url}/v1/transferencias`,
      });
      expect(pasarela.cabeceras.at(-1)!.traceparent).to.equal(`00-${traceId}-${llamada!.spanId}-01`);
    } finally {
      await trazas.detener();
    }
  });

  it('sin trazas la pasarela no recibe traceparent', async () => {
    const trazas = iniciarTrazas({ servicio: 'liquidacion' });
    expect(trazas.activas).to.equal(false);
    expect((await adaptador.transferir(solicitud)).tipo).to.equal('pagado');
    expect(pasarela.cabeceras.at(-1)).to.not.have.property('traceparent');
    expect(pasarela.cabeceras.at(-1)!['idempotency-key']).to.equal('pago-1');
  });
});
