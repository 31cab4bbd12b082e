import { expect } from 'chai';
import { ErrorConfiguracion, esquemaBaseDatos, leerConfiguracion } from '../../src';

const leer = (entorno: Record<string, string>) => leerConfiguracion(esquemaBaseDatos(entorno), entorno);

/** The problems leerConfiguracion reports for `entorno` (none if it reads). */
function problemas(entorno: Record<string, string>): string[] {
  try {
    leer(entorno);
    return [];
  } catch (e) {
    if (!(e instanceof ErrorConfiguracion)) throw e;
    return e.problemas;
  }
}

describe('URLs de base de datos de un servicio (rol del servicio y rol de migración)', () => {
  const DML = 'postgres://servicio:s@db:5432/pagos';
  const DDL = 'postgres://migracion:m@db:5432/pagos';

  it('sin nada definido no hay URL por defecto: nombra URL_BASE_DATOS y URL_BASE_DATOS_MIGRACION', () => {
    const p = problemas({});
    expect(p).to.have.length(2);
    expect(p[0]).to.match(/^URL_BASE_DATOS no está definida: .*rol del servicio/);
    expect(p[1]).to.match(/^URL_BASE_DATOS_MIGRACION no está definida: .*MIGRAR_AL_INICIAR=true/);
  });

  it('migrando al iniciar (por defecto) lee las dos URLs', () => {
    expect(leer({ URL_BASE_DATOS: DML, URL_BASE_DATOS_MIGRACION: DDL })).to.deep.equal({
      urlBaseDatos: DML,
      migrarAlIniciar: true,
      urlBaseDatosMigracion: DDL,
    });
  });

  it('con MIGRAR_AL_INICIAR=false basta la URL del servicio y la de migración no se pide', () => {
    expect(leer({ URL_BASE_DATOS: DML, MIGRAR_AL_INICIAR: 'false' })).to.deep.equal({
      urlBaseDatos: DML,
      migrarAlIniciar: false,
      urlBaseDatosMigracion: '',
    });
    expect(problemas({ MIGRAR_AL_INICIAR: 'false' })).to.deep.equal([
      'URL_BASE_DATOS no está definida: se espera la URL postgres://… del rol del servicio (solo lectura y escritura de filas)',
    ]);
  });

  it('una URL inválida se rechaza sin mostrar su valor (lleva una clave)', () => {
    const p = problemas({ URL_BASE_DATOS: 'http://servicio:secreta@db/pagos', MIGRAR_AL_INICIAR: 'false' });
    expect(p).to.have.length(1);
    expect(p[0]).to.match(/^URL_BASE_DATOS=<oculto> no es válida/);
    expect(p[0]).to.not.include('secreta');
  });

  it('un MIGRAR_AL_INICIAR inválido se informa y la URL de migración se sigue pidiendo', () => {
    const p = problemas({ URL_BASE_DATOS: DML, MIGRAR_AL_INICIAR: 'quizas' });
    expect(p.some((l) => l.startsWith('MIGRAR_AL_INICIAR="quizas" no es válida'))).to.be.true;
    expect(p.some((l) => l.startsWith('URL_BASE_DATOS_MIGRACION no está definida'))).to.be.true;
  });
});
