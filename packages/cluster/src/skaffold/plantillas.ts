// skaffold's templated fields (Go text/template over the environment plus, for helm, the values of
// the built images). Only plain `{{.NAME}}` substitutions are emulated; any other template
// construct, or a name with no value, fails instead of rendering something skaffold would not.
import { ErrorEntorno } from '@alpes/entorno';
import { noEmulado } from './soporte';

export type Variables = Record<string, string | undefined>;

export function renderizar(plantilla: string, variables: Variables, donde: string): string {
  return plantilla.replace(/\{\{(.*?)\}\}/g, (entera, dentro: string) => {
    const nombre = /^\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(dentro)?.[1];
    if (!nombre)
      throw noEmulado(`the template ${entera} in ${donde} (only {{.NAME}} substitutions are emulated)`);
    const valor = variables[nombre];
    if (valor === undefined) {
      const imagenes = Object.keys(variables)
        .filter((k) => k.startsWith('IMAGE_FULLY_QUALIFIED_'))
        .join(', ');
      throw new ErrorEntorno(
        `${donde}: {{.${nombre}}} has no value (neither a built image's nor an environment variable; ` +
          `images: ${imagenes || 'none'})`,
      );
    }
    return valor;
  });
}

/** skaffold's rule for an artifact's name inside a template variable: / - . become _. */
export function nombreEnPlantilla(imagen: string): string {
  return imagen.replace(/[/.-]/g, '_');
}

/**
 * The image variables skaffold's helm deployer offers (helm/args.go): for each artifact, by
 * sanitized name (IMAGE_FULLY_QUALIFIED_alpes_pagos) and by position (IMAGE_REPO, IMAGE_REPO2, …).
 */
export function variablesDeImagenes(
  imagenes: { imagen: string; etiqueta: string }[],
): Record<string, string> {
  const variables: Record<string, string> = {};
  imagenes.forEach(({ imagen, etiqueta }, i) => {
    const valores = {
      IMAGE_NAME: imagen,
      IMAGE_REPO: imagen,
      IMAGE_TAG: etiqueta,
      IMAGE_FULLY_QUALIFIED: `${imagen}:${etiqueta}`,
    };
    for (const [clave, valor] of Object.entries(valores)) {
      variables[`${clave}${i > 0 ? i + 1 : ''}`] = valor;
      variables[`${clave}_${nombreEnPlantilla(imagen)}`] = valor;
    }
  });
  return variables;
}
