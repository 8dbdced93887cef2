#!/usr/bin/env bash
# IoTJobs build script: the only one. Needs the .NET 10 SDK; everything else (PowerShell 7.6.9 from the tool
# manifest, Pester 6.2.0 from NuGet) it fetches itself.
#
#   ./build.sh demo      build, start the emulator, seed a small fleet through the API, run the pipeline, stop
#   ./build.sh test      build and run every test (xunit + Pester); ends with "N passed, N failed, N skipped"
#   ./build.sh build     build only (lays the importable module out in module/bin)
#   ./build.sh package   build, then lay out the versioned, installable module folder out/module/IoTJobs/<version>/
#                        (manifest, bin/, format file, the name-clash check IoTJobs.NameClash.psm1, en-US help,
#                        LICENSE) and check it with Test-ModuleManifest;
#                        then write both packages to out/packages: IoTJobs.<version>.nupkg (the module, for
#                        Publish-PSResource / Install-PSResource) and IoTJobs.Emulator.<version>.nupkg (the emulator as
#                        a .NET tool, command iotjobs-emulator). out/packages works as a PSResource repository and as a
#                        NuGet source at once (see README, "Install").
#                        OUT_DIR=<dir> puts IoTJobs/<version>/ under <dir> instead of out/module; PACKAGE_DIR=<dir> the
#                        .nupkg files in <dir> instead of out/packages.
#   ./build.sh layout    the module folder from the current build, without building (used by tests/pester/Package.Tests.ps1)
#   ./build.sh pack      the module folder and both packages from the current build, without building
#                        (used by tests/pester/Distribution.Tests.ps1)
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
  if [ ! -f "$OUT/tools/pester/6.2.0/tools/Pester.psd1" ] || [ ! -f "$OUT/tools/awssdk.core/4.0.3.3/lib/netstandard2.0/AWSSDK.Core.dll" ]; then
    dotnet restore "$ROOT/tests/tools/tools.csproj" --packages "$OUT/tools" >/dev/null
  fi
}

build() {
  dotnet build "$ROOT/IoTJobs.PowerShell.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
  export IOTJOBS_EMULATOR_DLL="$ROOT/src/IoTJobs.Emulator/bin/$CONFIGURATION/net10.0/IoTJobs.Emulator.dll"
}

pwsh_run() { dotnet tool run pwsh -NoProfile -NonInteractive "$@"; }

# Debian packages some tests drive (faketime: a client with a skewed clock; tmux: a real terminal for the MFA prompt,
# completion, prompts, progress and Ctrl+C in tests/pester/Terminal.Tests.ps1).
# Installed when missing and possible; a test whose tool is still missing reports itself skipped.
ensure_test_packages() {
  local missing=()
  command -v faketime >/dev/null 2>&1 || missing+=(faketime)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]} (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 ||
      echo "   could not install ${missing[*]}: the tests that need them will report themselves skipped"
  else
    echo "== ${missing[*]} missing and not installable here: the tests that need them will report themselves skipped"
  fi
}

run_tests() {
  ensure_test_packages
  # Fake credentials for everything the tests start; they only ever talk to 127.0.0.1.
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_IOT AWS_MAX_ATTEMPTS AWS_RETRY_MODE \
    AWS_USE_FIPS_ENDPOINT AWS_USE_DUALSTACK_ENDPOINT AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE \
    AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || true
  local results="$OUT/test-results"
  rm -rf "$results"; mkdir -p "$results"
  local status=0

  # Every API response an emulator sends during the tests (in-process hosts and emulator processes alike: they inherit
  # these variables) is checked against botocore's model on this machine; tests/Test-ResponseShapes.ps1 reads the reports.
  local botocore shapes_skip=""
  botocore="$(python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))' 2>/dev/null || true)"
  if [ -n "$botocore" ] && [ -d "$botocore/data/iot" ]; then
    export IOTJOBS_CHECK_SHAPES_BOTOCORE="$botocore/data" IOTJOBS_CHECK_SHAPES_DIR="$results/shapes"
  else
    shapes_skip="botocore is not installed for python3 (its iot model is the reference)"
  fi

  # Each xunit project runs in its own dotnet test (in parallel, as a solution run would) and writes its own results
  # file, xunit/<Project>.trx: with one shared logger, two projects finishing in the same second got names like
  # _vm_<time>_net10.0[1].trx, and the summary has to find every project's file by name.
  echo "== xunit"
  local names=() pids=() project name i
  mkdir -p "$results/xunit"
  for project in "$ROOT"/tests/*/*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    names+=("$name")
    # A background job of a non-interactive shell starts with SIGINT and SIGQUIT ignored, and processes inherit that:
    # the emulator a test starts would then ignore the Ctrl+C (SIGINT) the test sends it. Restore the defaults first.
    ( trap - INT QUIT; exec dotnet test "$project" -c "$CONFIGURATION" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results/xunit" ) \
      > "$results/xunit-$name.log" 2>&1 &
    pids+=($!)
  done
  # Pester runs meanwhile, in lanes of its own (tests/pester/Invoke-PesterSuite.ps1): most of either suite's time is
  # spent waiting on emulators and process start-up, so they share two cores well. Its output is printed after xunit's.
  pwsh_run -File "$ROOT/tests/pester/Invoke-PesterSuite.ps1" \
    -PesterPath "$OUT/tools/pester/6.2.0/tools/Pester.psd1" -ResultsDirectory "$results" > "$results/pester.log" 2>&1 || status=1
  for i in "${!names[@]}"; do
    name="${names[$i]}"
    wait "${pids[$i]}" || status=1
    echo "-- $name"; cat "$results/xunit-$name.log"
  done
  echo "== Pester"
  cat "$results/pester.log"

  echo "== Response shapes"
  pwsh_run -File "$ROOT/tests/Test-ResponseShapes.ps1" -ReportDirectory "$results/shapes" -ResultsDirectory "$results" \
    -RequireCoverage -SkipReason "$shapes_skip" || status=1

  # One plain summary line over every runner (neither dotnet test's nor Pester's summary has that form).
  pwsh_run -File "$ROOT/tests/Write-TestSummary.ps1" -ResultsDirectory "$results" -XunitProject "$(IFS=,; echo "${names[*]}")" || status=1
  return $status
}

run_demo() {
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  pwsh_run -File "$ROOT/tests/demo/Invoke-Demo.ps1" -EmulatorDll "$IOTJOBS_EMULATOR_DLL"
}

module_version() {
  sed -n "s/^[[:space:]]*ModuleVersion[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$ROOT/IoTJobs.psd1" | head -n 1
}

# The versioned module folder PowerShell installs from: IoTJobs/<ModuleVersion>/ with a manifest generated from the root
# IoTJobs.psd1 (whose paths point into module/ for the in-repo layout; here they are relative to the folder itself).
package_module() {
  local dest_root="${OUT_DIR:-$OUT/module}"
  local version
  version="$(module_version)"
  if [ -z "$version" ]; then echo "package: no ModuleVersion in IoTJobs.psd1" >&2; return 1; fi
  if [ ! -f "$ROOT/module/bin/IoTJobs.PowerShell.dll" ]; then echo "package: module/bin is empty; run ./build.sh build first" >&2; return 1; fi
  local dest="$dest_root/IoTJobs/$version"
  rm -rf "$dest"
  mkdir -p "$dest"
  # bin/ recursively (the cmdlet assembly and its deps/ subfolder), PowerShell-side files (format views, the nested
  # IoTJobs.NameClash.psm1 the manifest loads), generated help, licence. The solution's test stand-ins never land here.
  cp -R "$ROOT/module/bin" "$dest/bin"
  local f
  for f in "$ROOT"/module/*.ps1xml "$ROOT"/module/*.psm1 "$ROOT"/module/*.ps1; do
    if [ -f "$f" ]; then cp "$f" "$dest/"; fi
  done
  if [ -d "$ROOT/module/en-US" ]; then cp -R "$ROOT/module/en-US" "$dest/en-US"; fi
  cp "$ROOT/LICENSE" "$dest/LICENSE"
  if [ -f "$ROOT/README.md" ]; then cp "$ROOT/README.md" "$dest/README.md"; fi
  # 'module/...' paths become folder-relative; the in-repo comment lines do not apply to the package.
  sed -e "s#'module/#'#g" -e "/^[[:space:]]*# Built by/d" "$ROOT/IoTJobs.psd1" > "$dest/IoTJobs.psd1"
  # Test-ModuleManifest fails on a missing RootModule, format file or nested module: check before anyone installs it.
  IOTJOBS_PACKAGE_MANIFEST="$dest/IoTJobs.psd1" pwsh_run -Command \
    '$m = Test-ModuleManifest -Path $env:IOTJOBS_PACKAGE_MANIFEST -ErrorAction Stop; "IoTJobs $($m.Version) laid out in $($m.ModuleBase)"'
}

# Both .nupkg files from the current build: the module (Compress-PSResource of the laid-out folder, the package
# Publish-PSResource would push) and the emulator as a .NET tool (dotnet pack; PackAsTool in its project).
pack_packages() {
  local dest="${PACKAGE_DIR:-$OUT/packages}"
  local version folder
  version="$(module_version)"
  folder="${OUT_DIR:-$OUT/module}/IoTJobs/$version"
  mkdir -p "$dest"
  dest="$(cd "$dest" && pwd)"
  rm -f "$dest/IoTJobs.$version.nupkg" "$dest/IoTJobs.Emulator.$version.nupkg"
  dotnet pack "$ROOT/src/IoTJobs.Emulator/IoTJobs.Emulator.csproj" -c "$CONFIGURATION" --no-build -nologo -v quiet -o "$dest"
  IOTJOBS_PACKAGE_FOLDER="$folder" IOTJOBS_PACKAGE_DEST="$dest" pwsh_run -Command \
    'Compress-PSResource -Path $env:IOTJOBS_PACKAGE_FOLDER -DestinationPath $env:IOTJOBS_PACKAGE_DEST -ErrorAction Stop'
  local f
  for f in "$dest/IoTJobs.$version.nupkg" "$dest/IoTJobs.Emulator.$version.nupkg"; do
    if [ ! -f "$f" ]; then echo "package: $f was not written" >&2; return 1; fi
    echo "wrote $f"
  done
}

case "${1:-}" in
  build) restore_tools; build ;;
  test)  restore_tools; build; run_tests ;;
  demo)  restore_tools; build; run_demo ;;
  package) restore_tools; build; package_module; pack_packages ;;
  layout)  dotnet tool restore >/dev/null; package_module ;;
  pack)    dotnet tool restore >/dev/null; package_module; pack_packages ;;
  *) echo "usage: $0 demo|test|build|package|layout|pack" >&2; exit 2 ;;
esac
