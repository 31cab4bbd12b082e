#!/usr/bin/env python3
# bin/apply-config-from-env.py of the stand-in image, with the official image's contract (its
# docker/pulsar/scripts/apply-config-from-env.py), written for this image:
#   bin/apply-config-from-env.py [--env_file FILE] CONF_FILE...
# rewrites each properties file in place from the environment:
# - a variable named like a key of the file (also a commented-out `#key=value`) sets that key;
# - PULSAR_PREFIX_<key> sets <key>, appended when the file does not have it (our standalone.conf is
#   short: keys it lacks need the prefix, as keys the official file lacks do);
# - a value `${OTHER}` is the value of the variable OTHER; values are trimmed;
# - --env_file reads NAME=value lines into the environment first.
# Then `exec bin/pulsar standalone` reads the result, e.g. the container's command:
#   bin/apply-config-from-env.py conf/standalone.conf && exec bin/pulsar standalone ...
import argparse
import os
import sys

PREFIJO = 'PULSAR_PREFIX_'


def leer_archivo_env(ruta):
    with open(ruta, encoding='utf-8') as f:
        for linea in f:
            linea = linea.strip()
            if not linea or linea.startswith('#') or '=' not in linea:
                continue
            nombre, valor = linea.split('=', 1)
            os.environ[nombre.strip()] = valor.strip()


def valor_de(nombre):
    valor = os.environ[nombre].strip()
    if valor.startswith('${') and valor.endswith('}'):
        return os.environ.get(valor[2:-1], '')
    return valor


def mostrable(clave, valor):
    return '********' if 'password' in clave.lower() else valor


def aplicar(ruta):
    with open(ruta, encoding='utf-8') as f:
        lineas = f.readlines()
    claves = {}
    for n, linea in enumerate(lineas):
        linea = linea.strip()
        if '=' not in linea:
            continue
        clave = linea.split('=', 1)[0]
        if clave.startswith('#'):
            clave = clave[1:]
        clave = clave.strip()
        if clave and ' ' not in clave:
            claves[clave] = n
    for nombre in sorted(os.environ):
        con_prefijo = nombre.startswith(PREFIJO)
        clave = nombre[len(PREFIJO):] if con_prefijo else nombre
        if not clave or (not con_prefijo and clave not in claves):
            continue
        valor = valor_de(nombre)
        if clave in claves:
            print('[%s] Applying config %s = %s' % (ruta, clave, mostrable(clave, valor)))
            lineas[claves[clave]] = '%s=%s\n' % (clave, valor)
        else:
            print('[%s] Adding config %s = %s' % (ruta, clave, mostrable(clave, valor)))
            if lineas and not lineas[-1].endswith('\n'):
                lineas[-1] += '\n'
            lineas.append('%s=%s\n' % (clave, valor))
            claves[clave] = len(lineas) - 1
    with open(ruta, 'w', encoding='utf-8') as f:
        f.writelines(lineas)


def main():
    parser = argparse.ArgumentParser(description='apply config from env')
    parser.add_argument('--env_file', help='a file of NAME=value lines, read into the environment first')
    parser.add_argument('conf_files', nargs='+', help='the properties files to rewrite')
    args = parser.parse_args()
    if args.env_file:
        leer_archivo_env(args.env_file)
    for ruta in args.conf_files:
        aplicar(ruta)


if __name__ == '__main__':
    sys.exit(main())
