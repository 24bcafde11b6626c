#!/bin/sh
# Runs a root script through the pinned pnpm, installing dependencies first when they are missing,
# so `npm run demo` and `npm test` work on a machine that has only Node and npm.
set -e
cd "$(dirname "$0")/.."
PNPM="npx --yes pnpm@10.34.9"
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  $PNPM install --frozen-lockfile
fi
exec $PNPM "$@"
