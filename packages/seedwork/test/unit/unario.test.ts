import * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { CLAVE_ID_CORRELACION, ErrorDominio, contextoActual, loggerNulo, unario } from '../../src';

/** The little of a grpc-js ServerUnaryCall that `unario` uses. */
function llamada(plazo: grpc.Deadline, metadatos: Record<string, string> = {}) {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadatos)) md.set(k, v);
  return Object.assign(new EventEmitter(), {
    request: { x: 1 },
    metadata: md,
    cancelled: false,
    getDeadline: () => plazo,
    getPath: () => '/prueba.v1.Servicio/Metodo',
  }) as unknown as grpc.ServerUnaryCall<{ x: number }, unknown>;
}

function responder() {
  let resolver!: (r: { error: Partial<grpc.StatusObject> | null; valor?: unknown }) => void;
  const respuesta = new Promise<{ error: Partial<grpc.StatusObject> | null; valor?: unknown }>(
    (r) => (resolver = r),
  );
  const callback = ((error: Partial<grpc.StatusObject> | null, valor?: unknown) =>
    resolver({ error, valor })) as grpc.sendUnaryData<unknown>;
  return { respuesta, callback };
}

describe('unario (manejador gRPC)', () => {
  it('un x-id-correlacion mal formado es INVALID_ARGUMENT que lo nombra, sin empezar el trabajo', async () => {
    for (const malo of ['a b', 'x'.repeat(129), 'inyecta\\n', 'a/b', '<script>', '{"x":1}']) {
      let llamado = false;
      const manejador = unario(loggerNulo, async () => {
        llamado = true;
        return {};
      });
      const { respuesta, callback } = responder();
      manejador(llamada(Infinity, { [CLAVE_ID_CORRELACION]: malo }), callback);
      const { error } = await respuesta;
      expect(error?.code, malo).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).to.contain('x-id-correlacion');
      expect(llamado).to.equal(false);
    }
  });

  it('acepta un x-id-correlacion corto de caracteres seguros (UUID, con puntos o dos puntos)', async () => {
    const manejador = unario(loggerNulo, async (_req, ctx) => ({ c: ctx.idCorrelacion }));
    for (const bueno of ['2f1c6a3e-7b7a-4c1e-9d8e-1a2b3c4d5e6f', 'lote-7.item:3', 'x'.repeat(128)]) {
      const { respuesta, callback } = responder();
      manejador(llamada(Infinity, { [CLAVE_ID_CORRELACION]: bueno }), callback);
      expect((await respuesta).valor).to.deep.equal({ c: bueno });
    }
  });

  it('no empieza el trabajo de una llamada cuyo plazo ya venció', async () => {
    let llamado = false;
    const manejador = unario(loggerNulo, async () => {
      llamado = true;
      return {};
    });
    const { respuesta, callback } = responder();
    manejador(llamada(Date.now() - 1), callback);
    expect((await respuesta).error?.code).to.equal(grpc.status.DEADLINE_EXCEEDED);
    expect(llamado).to.equal(false);
  });

  it('ejecuta con id_correlacion del cliente en el contexto y responde el resultado', async () => {
    const manejador = unario(loggerNulo, async (req: { x: number }, ctx) => ({
      doble: req.x * 2,
      correlacion: ctx.idCorrelacion,
      enContexto: contextoActual().id_correlacion,
    }));
    const { respuesta, callback } = responder();
    manejador(llamada(Infinity, { [CLAVE_ID_CORRELACION]: 'c-42' }), callback);
    expect((await respuesta).valor).to.deep.equal({ doble: 2, correlacion: 'c-42', enContexto: 'c-42' });
  });

  it('traduce un error de dominio a su estado gRPC', async () => {
    const manejador = unario(loggerNulo, async () => {
      throw ErrorDominio.noEncontrado('id_pago', 'no existe');
    });
    const { respuesta, callback } = responder();
    manejador(llamada(Date.now() + 5_000), callback);
    expect((await respuesta).error).to.include({ code: grpc.status.NOT_FOUND, details: 'no existe' });
  });
  it('aborta la señal del trabajo cuando el cliente cancela una llamada en curso', async () => {
    let senal: AbortSignal | undefined;
    let soltar!: () => void;
    const manejador = unario(loggerNulo, async (_req, ctx) => {
      senal = ctx.senal;
      await new Promise<void>((r) => (soltar = r));
      return {};
    });
    const call = llamada(Infinity);
    const { respuesta, callback } = responder();
    manejador(call, callback);
    expect(senal?.aborted).to.equal(false);
    call.emit('cancelled');
    expect(senal?.aborted).to.equal(true);
    soltar();
    await respuesta;
  });

  it("no aborta la señal de una llamada ya respondida cuando grpc-js emite 'cancelled' al cerrar", async () => {
    let senal: AbortSignal | undefined;
    const manejador = unario(loggerNulo, async (_req, ctx) => {
      senal = ctx.senal;
      return {};
    });
    const call = llamada(Date.now() + 5_000);
    const { respuesta, callback } = responder();
    manejador(call, callback);
    expect((await respuesta).error).to.equal(null);
    call.emit('cancelled');
    expect(senal?.aborted).to.equal(false);
  });
});
