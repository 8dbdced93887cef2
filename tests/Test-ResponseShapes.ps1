<#
.SYNOPSIS
The response-shape check of a test run: every API response the emulators sent (command-line emulators started by the
Pester suite and in-process hosts of the xunit suites alike) was checked against botocore's service model as it was
sent (IOTJOBS_CHECK_SHAPES_BOTOCORE / IOTJOBS_CHECK_SHAPES_DIR, see src/IoTJobs.Emulator/ShapeCheck). This script reads
their reports and fails on any violation.

.DESCRIPTION
Checks, each counted as one test in ResultsDirectory/shapes.json (read by Write-TestSummary.ps1):
  - responses were checked at all (an empty report directory means the check was not on: a failure, not a pass);
  - no response broke the model (a wrong member name, JSON type or enum value, a missing required member, an error the
    operation does not list or with the wrong status); each violation is printed with the request and body;
  - with -RequireCoverage: both in-process hosts and emulator processes reported, and every operation the emulator
    serves answered at least one success during the run.
With -SkipReason the check reports itself skipped (botocore, the reference, is not installed).
#>
param(
    [string] $ReportDirectory,
    [string] $ResultsDirectory,
    [switch] $RequireCoverage,
    [string] $SkipReason
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

function Write-Result([int] $Passed, [int] $Failed, [int] $Skipped) {
    if ($ResultsDirectory) {
        [ordered]@{ passed = $Passed; failed = $Failed; skipped = $Skipped } | ConvertTo-Json |
            Set-Content -Path (Join-Path $ResultsDirectory 'shapes.json')
    }
}

if ($SkipReason) {
    Write-Host "Response-shape check SKIPPED: $SkipReason"
    Write-Result 0 0 1
    exit 0
}

$checks = [System.Collections.Generic.List[object]]::new()
function Add-Check([string] $Name, [bool] $Ok, [string] $Detail) {
    $checks.Add([pscustomobject]@{ Name = $Name; Ok = $Ok; Detail = $Detail })
}

$reports = @()
if ($ReportDirectory -and (Test-Path $ReportDirectory)) {
    $reports = @(Get-ChildItem -Path $ReportDirectory -Filter 'shapes-*.json' | Where-Object Name -notlike '*.tmp' |
        ForEach-Object { Get-Content -Raw $_.FullName | ConvertFrom-Json })
}
[long] $responses = 0
foreach ($r in $reports) { $responses += [long]$r.responses }
Add-Check 'responses were checked against botocore''s model' ($responses -gt 0) "$responses response(s) from $($reports.Count) process(es)"

$violations = @()
if ($ReportDirectory -and (Test-Path $ReportDirectory)) {
    $violations = @(Get-ChildItem -Path $ReportDirectory -Filter '*.violations.jsonl' | ForEach-Object {
        Get-Content $_.FullName | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
    })
}
$detail = if ($violations.Count) { "$($violations.Count) response(s) broke the model" } else { 'none broke it' }
Add-Check 'no response broke the model' ($violations.Count -eq 0) $detail

if ($RequireCoverage) {
    $kinds = @($reports | Where-Object { $_.responses -gt 0 } | ForEach-Object hostKind | Sort-Object -Unique)
    Add-Check 'in-process hosts (xunit) were checked' ($kinds -contains 'in-process') ("host kinds: " + ($kinds -join ', '))
    Add-Check 'emulator processes (Pester and the command-line tests) were checked' ($kinds -contains 'process') ("host kinds: " + ($kinds -join ', '))
    $served = @($reports | ForEach-Object { $_.operations } | Sort-Object -Unique)
    $succeeded = @($reports | ForEach-Object { $_.counts.PSObject.Properties } | Where-Object { $_.Name -match ' 2\d\d$' } |
        ForEach-Object { ($_.Name -split ' ')[0] } | Sort-Object -Unique)
    $missing = @($served | Where-Object { $_ -notin $succeeded })
    Add-Check 'every operation the emulator serves answered a success' ($missing.Count -eq 0) $(if ($missing) { 'never: ' + ($missing -join ', ') } else { "$($served.Count) operations" })
}

Write-Host "Response-shape check ($ReportDirectory):"
foreach ($c in $checks) { Write-Host ("  [{0}] {1}: {2}" -f $(if ($c.Ok) { 'ok' } else { 'FAIL' }), $c.Name, $c.Detail) }
if ($reports) {
    $byOp = @{}
    foreach ($r in $reports) { foreach ($p in $r.counts.PSObject.Properties) { $byOp[$p.Name] = [long]($byOp[$p.Name]) + [long]$p.Value } }
    Write-Host "  responses by operation, status and error code:"
    foreach ($k in ($byOp.Keys | Sort-Object)) { Write-Host ("    {0,7}  {1}" -f $byOp[$k], $k) }
}
foreach ($v in ($violations | Select-Object -First 25)) {
    Write-Host "  VIOLATION $($v.method) $($v.path) -> $($v.status) $($v.errorCode) ($($v.operation))"
    foreach ($p in $v.problems) { Write-Host "      $p" }
    Write-Host "      body: $($v.body)"
}
if ($violations.Count -gt 25) { Write-Host "  ... and $($violations.Count - 25) more" }

$failed = @($checks | Where-Object { -not $_.Ok }).Count
Write-Result ($checks.Count - $failed) $failed 0
if ($failed) { exit 1 }
exit 0
