#!/usr/bin/env bash
# IoTJobs build script: the only one. Needs the .NET 10 SDK; everything else (PowerShell 7.6.9 from the tool
# manifest, Pester 6.2.0 from NuGet) it fetches itself.
#
#   ./build.sh demo      build, start the emulator, seed a small fleet through the API, run the pipeline, stop
#   ./build.sh test      build and run every test (xunit + Pester); ends with "N passed, N failed, N skipped"
#   ./build.sh build     build only (lays the importable module out in module/bin)
#
# Tests and the demo never leave the machine: loopback endpoints, fake credentials, no instance metadata.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"
OUT="$ROOT/out"
CONFIGURATION="${CONFIGURATION:-Debug}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export AWS_EC2_METADATA_DISABLED=true

restore_tools() {
  dotnet tool restore >/dev/null
  if [ ! -f "$OUT/tools/pester/6.2.0/tools/Pester.psd1" ]; then
    dotnet restore "$ROOT/tests/tools/tools.csproj" --packages "$OUT/tools" >/dev/null
  fi
}

build() {
  dotnet build "$ROOT/IoTJobs.PowerShell.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
  export IOTJOBS_EMULATOR_DLL="$ROOT/src/IoTJobs.Emulator/bin/$CONFIGURATION/net10.0/IoTJobs.Emulator.dll"
}

pwsh_run() { dotnet tool run pwsh -NoProfile -NonInteractive "$@"; }

run_tests() {
  # Fake credentials for everything the tests start; they only ever talk to 127.0.0.1.
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_IOT || true
  local results="$OUT/test-results"
  rm -rf "$results"; mkdir -p "$results"
  local status=0

  echo "== xunit"
  dotnet test "$ROOT/IoTJobs.PowerShell.sln" -c "$CONFIGURATION" --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results/xunit" || status=1

  echo "== Pester"
  pwsh_run -File "$ROOT/tests/pester/Invoke-PesterSuite.ps1" \
    -PesterPath "$OUT/tools/pester/6.2.0/tools/Pester.psd1" -ResultsDirectory "$results" || status=1

  # One plain summary line over every runner (neither dotnet test's nor Pester's summary has that form).
  pwsh_run -File "$ROOT/tests/Write-TestSummary.ps1" -ResultsDirectory "$results" || status=1
  return $status
}

run_demo() {
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  pwsh_run -File "$ROOT/tests/demo/Invoke-Demo.ps1" -EmulatorDll "$IOTJOBS_EMULATOR_DLL"
}

case "${1:-}" in
  build) restore_tools; build ;;
  test)  restore_tools; build; run_tests ;;
  demo)  restore_tools; build; run_demo ;;
  *) echo "usage: $0 demo|test|build" >&2; exit 2 ;;
esac
