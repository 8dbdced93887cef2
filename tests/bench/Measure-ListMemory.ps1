<#
.SYNOPSIS
Shows that Get-IoTJobExecution streams: listing 100,000 executions holds memory about as flat as listing 10,000.

.DESCRIPTION
Starts the emulator in its own process, seeds one job per count through its admin endpoint, then for each count runs
`Get-IoTJobExecution -JobId <job> -PageSize <n> | Measure-Object` in a fresh child pwsh (the module imported from the
repository's build) and reports that child's peak working set, the items counted, the list requests and the time.
A benchmark to run by hand (or in CI as a report), not a timed unit test.

.EXAMPLE
dotnet build IoTJobs.PowerShell.sln; dotnet pwsh -NoProfile -File tests/bench/Measure-ListMemory.ps1
.EXAMPLE
dotnet pwsh -NoProfile -Command "& ./tests/bench/Measure-ListMemory.ps1 -Count 1000, 10000, 100000 -PageSize 100"
#>
param(
    [int[]] $Count = @(10000, 100000),
    [ValidateRange(1, 250)] [int] $PageSize = 250
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $root 'tests/pester/TestHelpers.psm1')

# The same pwsh that runs this script; as a dotnet tool it is `dotnet <PSHOME>/pwsh.dll`.
$pwsh = [Environment]::ProcessPath
$pwshArgs = @()
if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll') }
$emu = Start-TestEmulator
try {
    $results = foreach ($n in $Count) {
        $job = "bench-$n"
        $things = [string[]]::new($n)
        for ($i = 0; $i -lt $n; $i++) { $things[$i] = "bench-$n-$i" }
        $body = @{ jobId = $job; thingNames = $things; inProgress = @() } | ConvertTo-Json -Compress
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body $body -ContentType 'application/json'
        $before = (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.PSObject.Properties['ListJobExecutionsForJob']
        $before = if ($before) { [long]$before.Value } else { 0L }

        # The child prints one JSON line: what it counted, its peak working set, and how long the listing took.
        $child = @'
param($Root, $Endpoint, $JobId, $PageSize)
$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module (Join-Path $Root 'IoTJobs.psd1')
$baseline = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64
$sw = [Diagnostics.Stopwatch]::StartNew()
$m = Get-IoTJobExecution -JobId $JobId -PageSize $PageSize -EndpointUrl $Endpoint -AccessKey test -SecretKey test -Region us-east-1 | Measure-Object
$sw.Stop()
$p = [Diagnostics.Process]::GetCurrentProcess()
$p.Refresh()
[pscustomobject]@{ Counted = $m.Count; PeakWorkingSetMB = [math]::Round($p.PeakWorkingSet64 / 1MB, 1); BaselineWorkingSetMB = [math]::Round($baseline / 1MB, 1); Seconds = [math]::Round($sw.Elapsed.TotalSeconds, 1) } | ConvertTo-Json -Compress
'@
        $script = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-bench-$PID.ps1"
        Set-Content -Path $script -Value $child
        try {
            $line = & $pwsh @pwshArgs -NoProfile -NonInteractive -File $script -Root $root -Endpoint $emu.Endpoint -JobId $job -PageSize $PageSize
            if ($LASTEXITCODE -ne 0) { throw "child pwsh failed: $line" }
        } finally { Remove-Item $script -ErrorAction SilentlyContinue }
        $r = ($line | Select-Object -Last 1) | ConvertFrom-Json
        $after = [long](Get-EmulatorStats -Endpoint $emu.Endpoint).requests.ListJobExecutionsForJob
        [pscustomobject]@{
            Executions           = $n
            Counted              = $r.Counted
            ListRequests         = $after - $before
            BaselineWorkingSetMB = $r.BaselineWorkingSetMB
            PeakWorkingSetMB     = $r.PeakWorkingSetMB
            Seconds              = $r.Seconds
        }
        # Free the emulator's memory for the next, bigger run.
        Reset-Emulator -Endpoint $emu.Endpoint
    }
    $results | Format-Table -AutoSize | Out-String | Write-Host
    $results
} finally {
    Stop-TestEmulator $emu
}
