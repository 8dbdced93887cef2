<#
.SYNOPSIS
Prints the summary CI reads: one line of per-runner counts, then the plain line "N passed, N failed, N skipped" summed
over every runner (each xunit project's .trx file, Pester's counts and the response-shape check's).

.DESCRIPTION
Every test that ran must be counted, and a runner whose results cannot be read must fail the run, never add 0:
- each xunit project writes its own results file, <ResultsDirectory>/xunit/<Project>.trx (build.sh passes
  LogFileName per project), read with -LiteralPath so names with [ ] are never taken as wildcards;
- a missing, unreadable or malformed results file counts as one failure, with a line naming the file;
- the results files must be exactly the expected projects' files: an extra .trx (e.g. a second run's `[1]` file)
  is reported and counted as a failure too, so a count cannot silently come from the wrong file;
- Pester's counts come from pester.json, written by tests/pester/Invoke-PesterSuite.ps1, and the response-shape
  check's from shapes.json, written by tests/Test-ResponseShapes.ps1; either missing or unreadable is a failure.
Exits 1 when anything failed.

.PARAMETER XunitProject
The xunit test project names (e.g. IoTJobs.Client.Tests) whose results are expected; comma-separated names are split,
since `pwsh -File` passes each argument as one string.
#>
param(
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [Parameter(Mandatory)] [string[]] $XunitProject
)
$ErrorActionPreference = 'Stop'
$XunitProject = @($XunitProject | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$passed = 0; $failed = 0; $skipped = 0
$problems = [System.Collections.Generic.List[string]]::new()
$parts = [System.Collections.Generic.List[string]]::new()

function Get-ShortName([string] $project) { ($project -replace '^IoTJobs\.', '') -replace '\.Tests$', '' }

$xunitDir = Join-Path $ResultsDirectory 'xunit'
foreach ($project in $XunitProject) {
    $file = Join-Path $xunitDir "$project.trx"
    if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
        $problems.Add("xunit project $project left no results file ($file): it did not run, or crashed before writing results.")
        $parts.Add("$(Get-ShortName $project) missing")
        $failed++
        continue
    }
    try {
        $counters = ([xml](Get-Content -LiteralPath $file -Raw)).TestRun.ResultSummary.Counters
        if ($null -eq $counters -or $null -eq $counters.total) { throw 'it has no TestRun/ResultSummary/Counters element' }
        $p = [int]$counters.passed
        $f = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $s = [int]$counters.notExecuted
    } catch {
        $problems.Add("xunit project ${project}: the results file $file could not be read ($($_.Exception.Message)).")
        $parts.Add("$(Get-ShortName $project) unreadable")
        $failed++
        continue
    }
    $passed += $p; $failed += $f; $skipped += $s
    $parts.Add("$(Get-ShortName $project) $($p + $f + $s)")
}

# Cross-check: the folder holds exactly one results file per expected project, nothing else.
$expected = @($XunitProject | ForEach-Object { "$_.trx" })
$present = @(Get-ChildItem -LiteralPath $xunitDir -Filter *.trx -File -ErrorAction SilentlyContinue)
foreach ($extra in @($present | Where-Object { $expected -notcontains $_.Name })) {
    $problems.Add("unexpected xunit results file $($extra.FullName): results are expected only in <project>.trx, one per test project ($($XunitProject.Count)); it was not counted.")
    $failed++
}

function Read-Counts([string] $Runner, [string] $File) {
    <# Adds a runner's JSON counts ({passed, failed, skipped}) to the totals; returns its part of the per-runner line. #>
    if (-not (Test-Path -LiteralPath $File -PathType Leaf)) {
        $problems.Add("$Runner left no results file ($File): it did not run, or crashed before writing results.")
        $script:failed++
        return "$Runner missing"
    }
    try {
        $p = Get-Content -LiteralPath $File -Raw | ConvertFrom-Json
        foreach ($name in 'passed', 'failed', 'skipped') {
            if ($p.$name -isnot [long] -and $p.$name -isnot [int]) { throw "it has no whole number '$name'" }
        }
    } catch {
        $problems.Add("${Runner}: the results file $File could not be read ($($_.Exception.Message)).")
        $script:failed++
        return "$Runner unreadable"
    }
    $script:passed += $p.passed; $script:failed += $p.failed; $script:skipped += $p.skipped
    "$Runner $($p.passed + $p.failed + $p.skipped)"
}

$pesterPart = Read-Counts 'Pester' (Join-Path $ResultsDirectory 'pester.json')
$shapesPart = Read-Counts 'Response shapes' (Join-Path $ResultsDirectory 'shapes.json')

foreach ($problem in $problems) { "test summary problem: $problem" }
"xunit: $($parts -join ', '); $pesterPart; $shapesPart"
"$passed passed, $failed failed, $skipped skipped"
if ($failed -gt 0) { exit 1 }
