import { expect } from 'chai';
import { daprAppCallback } from '@alpes/contratos';
import { Limitador } from '../../src';
import { levantarAppCallback, type AppCallbackDePrueba } from '../apoyo/app-callback';

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;

/** A promise with its resolve exposed, to hold tasks open until the test lets them go. */
function pendiente(): { promesa: Promise<void>; soltar: () => void } {
  let soltar!: () => void;
  const promesa = new Promise<void>((r) => (soltar = r));
  return { promesa, soltar };
}

describe('Limitador', () => {
  it('corre a lo sumo `maximo` tareas a la vez y las demás entran en orden de llegada', async () => {
    const limitador = new Limitador(2);
    const puertas = Array.from({ length: 5 }, pendiente);
    const inicios: number[] = [];
    const tareas = puertas.map((p, i) =>
      limitador.ejecutar(async () => {
        inicios.push(i);
        await p.promesa;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(inicios).to.deep.equal([0, 1]);
    expect([limitador.ocupados, limitador.esperando]).to.deep.equal([2, 3]);

    puertas[1]!.soltar();
    await tareas[1];
    await new Promise((r) => setImmediate(r));
    expect(inicios).to.deep.equal([0, 1, 2]);
    expect(limitador.ocupados).to.equal(2);

    puertas.forEach((p) => p.soltar());
    expect(await Promise.all(tareas)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(inicios).to.deep.equal([0, 1, 2, 3, 4]);
    expect([limitador.ocupados, limitador.esperando]).to.deep.equal([0, 0]);
  });

  it('una tarea que falla libera su lugar y propaga el error', async () => {
    const limitador = new Limitador(1);
    const falla = limitador.ejecutar(() => Promise.reject(new Error('boom')));
    const siguiente = limitador.ejecutar(async () => 'ok');
    const error = await falla.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('boom');
    expect(await siguiente).to.equal('ok');
    expect(limitador.ocupados).to.equal(0);
  });

  it('rechaza un máximo que no es un entero positivo', () => {
    expect(() => new Limitador(0)).to.throw(RangeError, 'maximo');
    expect(() => new Limitador(1.5)).to.throw(RangeError, 'maximo');
  });
});

describe('AppCallback con limitador', () => {
  let app: AppCallbackDePrueba;
  let enCurso = 0;
  let maximoVisto = 0;
  const puerta = pendiente();
  const limitador = new Limitador(2);

  before(async () => {
    app = await levantarAppCallback({
      limitador,
      suscripciones: [
        {
          topico: 't',
          manejar: async () => {
            maximoVisto = Math.max(maximoVisto, ++enCurso);
            await puerta.promesa;
            enCurso--;
            return 'SUCCESS';
          },
        },
      ],
    });
  });

  after(() => app.cerrar());

  it('atiende a lo sumo ese número de entregas a la vez; las demás esperan y se responden todas', async () => {
    const entregar = (i: number) =>
      new Promise<number>((resolve, reject) =>
        app.cliente.onTopicEvent(
          daprAppCallback.TopicEventRequest.fromPartial({ id: `e-${i}`, topic: 't', pubsubName: 'pubsub' }),
          (e, r) => (e ? reject(e) : resolve(r.status)),
        ),
      );
    const respuestas = Array.from({ length: 6 }, (_, i) => entregar(i));
    // every delivery has reached the app: two in the handler, four waiting for a slot
    const limite = Date.now() + 5000;
    while (limitador.esperando < 4 && Date.now() < limite) await new Promise((r) => setTimeout(r, 5));
    expect([enCurso, limitador.esperando], 'en curso, esperando').to.deep.equal([2, 4]);
    puerta.soltar();
    expect(await Promise.all(respuestas)).to.deep.equal(Array(6).fill(Estado.SUCCESS));
    expect(maximoVisto).to.equal(2);
  });
});
