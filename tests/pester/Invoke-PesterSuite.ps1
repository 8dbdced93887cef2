<#
.SYNOPSIS
Runs every tests/pester/*.Tests.ps1 and writes the counts for build.sh's summary line (pester.json).

.DESCRIPTION
A binary module cannot be unloaded, so the scripts run in child pwsh processes, never in the caller's: -Lanes of them
at once, each running its share of the scripts one after another (lane N writes pester-N.xml and pester-N.json, and its
console output is printed after it ends, lane by lane). Most of the suite's time is spent waiting on emulators (rate
limits, latency, process start-up), so two lanes on two cores take well under the time of one. Shares are balanced by
the time each script took in CI; a lane that leaves no counts is a failure, never 0.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [int] $Lanes = 2,
    # Set by the coordinator for a lane: its number and its scripts (comma-separated: pwsh -File passes one string).
    [int] $Lane = 0,
    [string[]] $Path
)
$ErrorActionPreference = 'Stop'

if ($Lane -gt 0) {
    Import-Module $PesterPath -Force
    $config = New-PesterConfiguration
    $config.Run.Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $ResultsDirectory "pester-$Lane.xml"
    $result = Invoke-Pester -Configuration $config
    [ordered]@{
        passed  = $result.PassedCount
        failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        skipped = $result.SkippedCount
        scripts = $result.Containers.Count
    } | ConvertTo-Json | Set-Content -Path (Join-Path $ResultsDirectory "pester-$Lane.json")
    exit 0
}

# Seconds each script took in CI (2 cores); a script not listed counts 5.
$seconds = @{
    'Reliability' = 70; 'SafetyRules' = 54; 'Coexistence' = 45; 'Credentials' = 35; 'Terminal' = 25
    'FleetIndexing' = 15; 'ClockSkew' = 13; 'Safety' = 12; 'Isolation' = 12; 'Distribution' = 9
}
$scripts = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.Tests.ps1' -File | Sort-Object Name)
$share = @(1..$Lanes | ForEach-Object { [pscustomobject]@{ Lane = $_; Seconds = 0; Scripts = [System.Collections.Generic.List[string]]::new() } })
$weighted = $scripts | Sort-Object @{ Expression = { $w = $seconds[$_.Name -replace '\.Tests\.ps1$', '']; if ($w) { $w } else { 5 } }; Descending = $true }, Name
foreach ($script in $weighted) {
    $w = $seconds[$script.Name -replace '\.Tests\.ps1$', '']; if (-not $w) { $w = 5 }
    $to = $share | Sort-Object Seconds, Lane | Select-Object -First 1
    $to.Scripts.Add($script.FullName); $to.Seconds += $w
}

$pwsh = Join-Path $PSHOME 'pwsh'
$PesterPath = (Resolve-Path -LiteralPath $PesterPath).Path
$ResultsDirectory = (Resolve-Path -LiteralPath $ResultsDirectory).Path
$running = foreach ($s in @($share | Where-Object { $_.Scripts.Count -gt 0 })) {
    $json = Join-Path $ResultsDirectory "pester-$($s.Lane).json"
    Remove-Item -LiteralPath $json -ErrorAction SilentlyContinue
    $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-PesterPath', $PesterPath,
            '-ResultsDirectory', $ResultsDirectory, '-Lane', "$($s.Lane)", '-Path', ($s.Scripts -join ','))) {
        $psi.ArgumentList.Add($a)
    }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    $psi.WorkingDirectory = $PWD.ProviderPath
    $process = [System.Diagnostics.Process]::Start($psi)
    [pscustomobject]@{ Share = $s; Json = $json; Process = $process
        Out = $process.StandardOutput.ReadToEndAsync(); Err = $process.StandardError.ReadToEndAsync() }
}

$total = [ordered]@{ passed = 0; failed = 0; skipped = 0 }
foreach ($r in $running) {
    $r.Process.WaitForExit()
    $names = @($r.Share.Scripts | ForEach-Object { Split-Path -Leaf $_ }) -join ', '
    "-- Pester lane $($r.Share.Lane): $names"
    $r.Out.Result
    if ($r.Err.Result) { $r.Err.Result }
    try {
        $counts = Get-Content -LiteralPath $r.Json -Raw | ConvertFrom-Json
        foreach ($name in 'passed', 'failed', 'skipped') { $total[$name] += [int] $counts.$name }
        if ([int] $counts.scripts -ne $r.Share.Scripts.Count) {
            "Pester lane $($r.Share.Lane) ran $($counts.scripts) of its $($r.Share.Scripts.Count) scripts."
            $total.failed++
        }
    } catch {
        "Pester lane $($r.Share.Lane) left no readable counts ($($r.Json)); it exited with $($r.Process.ExitCode)."
        $total.failed++
    }
}
$total | ConvertTo-Json | Set-Content -Path (Join-Path $ResultsDirectory 'pester.json')
exit 0
