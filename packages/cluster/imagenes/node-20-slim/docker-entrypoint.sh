#!/bin/sh
# The official node image's entrypoint contract: `docker run IMAGE -e 1+1` or `docker run IMAGE app.js`
# runs node with those arguments; any other command (a program on PATH) runs as given.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
