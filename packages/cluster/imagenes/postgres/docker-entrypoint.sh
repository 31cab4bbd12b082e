#!/usr/bin/env bash
# Entrypoint of the postgres stand-in, with the official image's contract:
# - POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (postgres),
#   POSTGRES_DB (= POSTGRES_USER), POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR,
#   POSTGRES_HOST_AUTH_METHOD (scram-sha-256), each also as <NAME>_FILE; PGDATA;
# - on the first start only (no PGDATA/PG_VERSION): initdb, a `host all all all` rule, then a
#   server on the Unix socket alone runs the creation of POSTGRES_DB and
#   /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz|*.sql.xz in name order, and stops;
# - then exec postgres with the arguments (`-c name=value` work as in the official image);
# - started as root it prepares the folders and drops to postgres (70); under any other uid it runs
#   as that uid (an unknown uid gets a passwd entry through nss_wrapper, as in the official image).
# Writes only to PGDATA, /var/run/postgresql and /tmp: the chart mounts the root read-only.
set -Eeo pipefail

# <NAME> from the variable or from the file <NAME>_FILE names, not both
leer_variable() {
  local nombre=$1 omision=${2:-} archivo="${1}_FILE" valor
  if [ -n "${!nombre:-}" ] && [ -n "${!archivo:-}" ]; then
    echo "error: both $nombre and $archivo are set (but are exclusive)" >&2
    exit 1
  fi
  valor=$omision
  if [ -n "${!nombre:-}" ]; then
    valor=${!nombre}
  elif [ -n "${!archivo:-}" ]; then
    valor=$(<"${!archivo}")
  fi
  export "$nombre"="$valor"
  unset "$archivo"
}

preparar_entorno() {
  leer_variable POSTGRES_PASSWORD
  leer_variable POSTGRES_USER postgres
  leer_variable POSTGRES_DB "$POSTGRES_USER"
  leer_variable POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=}"
  export PGDATA=${PGDATA:-/var/lib/postgresql/data}
  YA_EXISTE=
  if [ -s "$PGDATA/PG_VERSION" ]; then YA_EXISTE=true; fi
}

crear_carpetas() {
  local uid
  uid=$(id -u)
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || :
  mkdir -p /var/run/postgresql || :
  chmod 03775 /var/run/postgresql || :
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    [ "$uid" = 0 ] && chown postgres:postgres "$POSTGRES_INITDB_WALDIR"
    chmod 700 "$POSTGRES_INITDB_WALDIR"
  fi
  if [ "$uid" = 0 ]; then
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  fi
}

exigir_clave() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    cat >&2 <<'FIN'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
FIN
    exit 1
  fi
}

inicializar_datos() {
  # initdb needs a passwd entry for the current uid (OpenShift-style arbitrary uids)
  if ! getent passwd "$(id -u)" >/dev/null 2>&1; then
    local so
    for so in /usr/lib/libnss_wrapper.so /usr/lib/*/libnss_wrapper.so; do
      if [ -s "$so" ]; then
        NSS_WRAPPER_PASSWD=$(mktemp)
        NSS_WRAPPER_GROUP=$(mktemp)
        export LD_PRELOAD=$so NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
        echo "postgres:x:$(id -u):$(id -g):PostgreSQL:$PGDATA:/bin/false" >"$NSS_WRAPPER_PASSWD"
        echo "postgres:x:$(id -g):" >"$NSS_WRAPPER_GROUP"
        break
      fi
    done
  fi
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
    set -- --waldir "$POSTGRES_INITDB_WALDIR" "$@"
  fi
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS "$@"
  # the official image's compiled-in socket folder (these binaries' default is /tmp); `-c` overrides it
  printf "\nunix_socket_directories = '/var/run/postgresql'\n" >>"$PGDATA/postgresql.conf"
  if [[ ${LD_PRELOAD:-} == */libnss_wrapper.so ]]; then
    rm -f "$NSS_WRAPPER_PASSWD" "$NSS_WRAPPER_GROUP"
    unset LD_PRELOAD NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  fi
}

regla_hba() {
  local metodo=${POSTGRES_HOST_AUTH_METHOD:-}
  if [ "${1:-}" = postgres ]; then shift; fi
  if [ -z "$metodo" ]; then
    # what initdb set password_encryption to (scram-sha-256 since PostgreSQL 14)
    metodo=$(postgres -C password_encryption "$@")
  fi
  if [ "$metodo" = trust ]; then
    echo 'warning: POSTGRES_HOST_AUTH_METHOD=trust: every connection is accepted without a password' >&2
  fi
  printf '\nhost all all all %s\n' "$metodo" >>"$PGDATA/pg_hba.conf"
}

psql_inicio() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

servidor_temporal() {
  shift # "postgres"
  set -- "$@" -c listen_addresses='' -p "${PGPORT:-5432}"
  PGUSER=${PGUSER:-$POSTGRES_USER} pg_ctl -D "$PGDATA" -o "$(printf '%q ' "$@")" -w start
}

crear_base() {
  local existe
  existe=$(POSTGRES_DB='' psql_inicio --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
  if [ -z "$existe" ]; then
    POSTGRES_DB='' psql_inicio --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    echo
  fi
}

ejecutar_scripts_inicio() {
  local f
  echo
  for f in "$@"; do
    case "$f" in
      *.sh)
        if [ -x "$f" ]; then
          echo "$0: running $f"
          "$f"
        else
          echo "$0: sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi
        ;;
      *.sql) echo "$0: running $f"; psql_inicio --dbname "$POSTGRES_DB" -f "$f"; echo ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_inicio --dbname "$POSTGRES_DB"; echo ;;
      *.sql.xz) echo "$0: running $f"; xzcat "$f" | psql_inicio --dbname "$POSTGRES_DB"; echo ;;
      *) echo "$0: ignoring $f" ;;
    esac
    echo
  done
}

quiere_ayuda() {
  local a
  for a; do
    case "$a" in -'?' | --help | --describe-config | -V | --version) return 0 ;; esac
  done
  return 1
}

principal() {
  # `docker run IMAGE -c x=y` means `postgres -c x=y`
  if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

  if [ "$1" = postgres ] && ! quiere_ayuda "$@"; then
    preparar_entorno
    crear_carpetas
    if [ "$(id -u)" = 0 ]; then
      exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
    fi
    if [ -z "$YA_EXISTE" ]; then
      exigir_clave
      # a clear error now if the init folder is unreadable, rather than a half-initialised database
      ls /docker-entrypoint-initdb.d/ >/dev/null
      inicializar_datos
      regla_hba "$@"
      export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
      servidor_temporal "$@"
      if [ "$POSTGRES_DB" != postgres ]; then crear_base; fi
      ejecutar_scripts_inicio /docker-entrypoint-initdb.d/*
      pg_ctl -D "$PGDATA" -m fast -w stop
      unset PGPASSWORD
      echo
      echo 'PostgreSQL init process complete; ready for start up.'
      echo
    else
      echo
      echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
      echo
    fi
  fi
  exec "$@"
}

principal "$@"
