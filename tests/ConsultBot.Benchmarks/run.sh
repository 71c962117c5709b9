#!/usr/bin/env bash
# One command for docs/benchmarks.md: builds the host and the benchmark (Release), installs the Bot Framework JS
# peer from its package-lock, then runs the floor, the peer and ConsultBot (SQLite; PostgreSQL too when
# CONSULTBOT_TEST_POSTGRES is set) and the soak. Extra arguments go to the suite (e.g. --rounds 5 --soak 100s).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build tests/ConsultBot.Benchmarks -c Release -nologo -clp:ErrorsOnly
(cd tests/bench-peer && npm ci --no-audit --no-fund --ignore-scripts)
exec dotnet run -c Release --no-build --project tests/ConsultBot.Benchmarks -- --suite full "$@"
