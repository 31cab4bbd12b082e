import { expect } from 'chai';
import type {
  DesenlaceResultado,
  RegistrarResultadoLiquidacion,
} from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { ResultadosAgrupados } from '../../src/infraestructura/resultados-agrupados';

const cmd = (idEvento: string): RegistrarResultadoLiquidacion => ({
  idEvento,
  idPago: '00000000-0000-4000-8000-000000000001',
  resultado: 'PAGADO',
  referenciaPasarela: 'psp',
  motivo: '',
  intento: 1,
});
const falla = (code: string) => Object.assign(new Error(`falla ${code}`), { code });
const opciones = { ventanaMs: 5, maximoPorLote: 10, maximoLotesEnCurso: 1, maximoEnEspera: 10 };
const desenlaces = (ps: Promise<DesenlaceResultado>[]) =>
  Promise.all(
    ps.map((p) =>
      p.then(
        (v) => v,
        (e: Error) => e.message,
      ),
    ),
  );

describe('resultados agrupados entre entregas concurrentes', () => {
  it('las entregas concurrentes forman un grupo y cada una recibe su desenlace', async () => {
    const grupos: string[][] = [];
    const r = new ResultadosAgrupados(
      async () => 'aplicado',
      async (cmds) => {
        grupos.push(cmds.map((c) => c.idEvento));
        return cmds.map((c) => (c.idEvento === 'b' ? 'repetido' : 'aplicado'));
      },
      opciones,
    );
    expect(await desenlaces(['a', 'b', 'c'].map((id) => r.registrar(cmd(id))))).to.deep.equal([
      'aplicado',
      'repetido',
      'aplicado',
    ]);
    expect(grupos).to.deep.equal([['a', 'b', 'c']]);
    await r.cerrar();
  });

  it('si una fila hace fallar al grupo (SQLSTATE 22, 23, 40), se aplican de a uno y solo esa falla', async () => {
    const uno: string[] = [];
    const r = new ResultadosAgrupados(
      async (c) => {
        uno.push(c.idEvento);
        if (c.idEvento === 'malo') throw falla('22P05');
        return 'aplicado';
      },
      async () => {
        throw falla('22P05');
      },
      opciones,
    );
    expect(await desenlaces(['a', 'malo', 'c'].map((id) => r.registrar(cmd(id))))).to.deep.equal([
      'aplicado',
      'falla 22P05',
      'aplicado',
    ]);
    expect(uno).to.deep.equal(['a', 'malo', 'c']); // in arrival order, one at a time
  });

  it('cualquier otra falla (la base caída) falla todo el grupo, sin reintentar de a uno', async () => {
    let uno = 0;
    const r = new ResultadosAgrupados(
      async () => {
        uno++;
        return 'aplicado';
      },
      async () => {
        throw falla('08006');
      },
      opciones,
    );
    expect(await desenlaces(['a', 'b'].map((id) => r.registrar(cmd(id))))).to.deep.equal([
      'falla 08006',
      'falla 08006',
    ]);
    expect(uno).to.equal(0);
  });

  it('con ventana 0 no agrupa: cada resultado va por el camino de uno', async () => {
    let varios = 0;
    const r = new ResultadosAgrupados(
      async () => 'aplicado',
      async (cmds) => {
        varios++;
        return cmds.map(() => 'aplicado' as const);
      },
      { ...opciones, ventanaMs: 0 },
    );
    expect(await desenlaces(['a', 'b'].map((id) => r.registrar(cmd(id))))).to.deep.equal([
      'aplicado',
      'aplicado',
    ]);
    expect(varios).to.equal(0);
  });

  it('pasado el máximo en espera, o al detenerse, el resultado se rechaza con ErrorSaturacion', async () => {
    const r = new ResultadosAgrupados(
      async () => 'aplicado',
      async (cmds) => cmds.map(() => 'aplicado' as const),
      { ...opciones, maximoPorLote: 1, maximoEnEspera: 1, ventanaMs: 1000 },
    );
    const primero = r.registrar(cmd('a'));
    const segundo = r.registrar(cmd('b'));
    const rechazo = await r.registrar(cmd('c')).catch((e: Error) => e);
    expect(rechazo).to.have.property('name', 'ErrorSaturacion');
    await r.cerrar();
    expect(await desenlaces([primero, segundo])).to.deep.equal(['aplicado', 'aplicado']);
    expect(await r.registrar(cmd('d')).catch((e: Error) => e.name)).to.equal('ErrorSaturacion');
  });
});
