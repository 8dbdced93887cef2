<#
.SYNOPSIS
Prints the one summary line CI reads, "N passed, N failed, N skipped", summed over every runner: the xunit .trx files
and Pester's counts. A runner that left no results counts as a failure, so a crash cannot pass as green.
#>
param([Parameter(Mandatory)] [string] $ResultsDirectory)
$passed = 0; $failed = 0; $skipped = 0
$trxFiles = @(Get-ChildItem -Path (Join-Path $ResultsDirectory 'xunit') -Filter *.trx -ErrorAction SilentlyContinue)
foreach ($trx in $trxFiles) {
    # -LiteralPath: two runs finishing in the same second write "..._net10.0[1].trx", and [1] is a wildcard to -Path.
    $c = ([xml](Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
    $passed += [int]$c.passed
    $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    $skipped += [int]$c.notExecuted
}
if ($trxFiles.Count -eq 0) { Write-Host 'xunit produced no results'; $failed++ }
$pesterJson = Join-Path $ResultsDirectory 'pester.json'
if (Test-Path $pesterJson) {
    $p = Get-Content -Raw $pesterJson | ConvertFrom-Json
    $passed += $p.passed; $failed += $p.failed; $skipped += $p.skipped
} else { Write-Host 'Pester produced no results'; $failed++ }
"$passed passed, $failed failed, $skipped skipped"
if ($failed -gt 0) { exit 1 }
