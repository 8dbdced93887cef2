<#
.SYNOPSIS
Bulk-cancel benchmark (issue 5): this module vs. its sequential baseline, boto3 in adaptive retry mode and the AWS CLI,
against the emulator at per-operation rate limits; plus streaming memory and import/first-request cost.

.DESCRIPTION
Run by hand (not part of the test suite's pass/fail), after a build:

    dotnet build IoTJobs.PowerShell.sln -c Release; dotnet pwsh -NoProfile -File tests/bench/Invoke-CancelBenchmark.ps1

Points part (the default; issue 14): for each (R, latency) in -Point, an emulator in its own process with
--latency-ms <latency> --rate-limit CancelJobExecution=R,DescribeJobExecution=R, and N = -ItemsPerRate x R (20 R)
QUEUED executions seeded through the signed API (`seed --parallel 64`) for each method:
  module        Get-IoTJobExecution -JobId <job> -Status QUEUED | Stop-IoTJobExecution -Confirm:$false, default settings
                (the number in flight adapts; the run's concurrency summary is printed)
  module-tl160  the same with -ThrottleLimit 160 (a hand-tuned cap, for comparison)
  detailed      Get-IoTJobExecution -Detailed | Stop-IoTJobExecution -ExpectedVersion { $_.VersionNumber }: three calls
                per item, two of them DescribeJobExecution, so its ceiling is R/2 items/s (its ratio is to R/2)
  boto3-8, boto3-64  tests/bench/boto3_cancel.py, adaptive retry mode, 8 and 64 threads
After every run the server is checked: nothing QUEUED left and DescribeJob counting all N CANCELED. Printed: seconds,
items/s, the ratio to R, failed items, the client's peak memory, and the targets (>= 0.95 of R, ahead of boto3 at both
thread counts, peak at (1000, 40) within 1.3 x the peak at (10, 40)).

Table part (issue 5's table): for each R in -Rate, an emulator in its own process with --latency-ms 40 and
--rate-limit CancelJobExecution=R,DescribeJobExecution=R (seeding calls unlimited). For each method a fresh job with
N = 30*R QUEUED executions is seeded THROUGH THE SIGNED API (the emulator's `seed` subcommand: CreateThing + CreateJob),
then timed while a separate client process cancels them:
  module       Get-IoTJobExecution -JobId <job> -Status QUEUED | Stop-IoTJobExecution -Confirm:$false   (child pwsh)
  module -TL 1 the same with -ThrottleLimit 1 (sequential; for N above -SequentialSample, a sample of that many is
               timed and extrapolated to N, and labelled so)
  boto3        tests/bench/boto3_cancel.py: paginator + ThreadPoolExecutor(8), Config(retries={'mode': 'adaptive'})
  aws cli      tests/bench/cli_cancel.py: one `aws iot cancel-job-execution` process per execution; a sample of 30
               calls, extrapolated to N and labelled so
seconds for the module and boto3 runs cover client set-up, listing and cancelling (the client process's own clock,
after process start-up and module import); for the CLI, the processes' wall time. Failed = items that ended in an error. Peak memory = the client process's
peak RSS (VmHWM, polled from /proc; for the CLI the largest single process). After every run the job is checked on the
server: ListJobExecutionsForJob -Status QUEUED must be empty and DescribeJob must count every execution CANCELED.

Memory part: cancelling 2,000 and 20,000 executions (no latency, no limit; seeded through the admin endpoint for
speed) in a child pwsh; the peaks should be about equal (streaming end to end).
Startup part: median wall time of `pwsh -NoProfile -c 1` vs `pwsh -NoProfile -c "Import-Module ./IoTJobs.psd1"` over
-StartupRuns runs each, and in one process the first Get-IoTJobExecution -JobId x -ThingName y vs the median of the next 10.

Everything stays on 127.0.0.1 with the emulator's fake credentials.
.EXAMPLE
dotnet pwsh -NoProfile -File tests/bench/Invoke-CancelBenchmark.ps1 -Rate 10 -Part Table
#>
param(
    [string[]] $Point = @('10:40', '200:40', '1000:40', '100:200', '10:300'),
    [string[]] $PointMethod = @('module', 'boto3-8', 'boto3-64'),
    [int] $ItemsPerRate = 20,
    [double[]] $Rate = @(10, 50, 200),
    [int] $LatencyMs = 40,
    [ValidateSet('module', 'module-tl1', 'boto3', 'cli')] [string[]] $Method = @('module', 'module-tl1', 'boto3', 'cli'),
    [int] $SequentialSample = 300,
    [int] $CliSample = 30,
    [ValidateSet('Points', 'Table', 'Memory', 'Startup')] [string[]] $Part = @('Points', 'Memory', 'Startup'),
    [int[]] $MemoryCount = @(2000, 20000),
    [int] $StartupRuns = 11,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
# `pwsh -File` passes "a,b" as one string: split lists here.
$Point = @($Point | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$PointMethod = @($PointMethod | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
foreach ($m in $PointMethod) { if ($m -notin 'module', 'module-tl160', 'detailed', 'boto3-8', 'boto3-64') { throw "-PointMethod '$m' is not one of module, module-tl160, detailed, boto3-8, boto3-64." } }
foreach ($pt in $Point) { if ($pt -notmatch '^\d+(\.\d+)?:\d+$') { throw "-Point '$pt' is not R:latency-ms, e.g. 1000:40." } }
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $root 'tests/pester/TestHelpers.psm1')
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'; $env:AWS_REGION = 'us-east-1'
$env:AWS_CONFIG_FILE = '/dev/null'; $env:AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
if (-not $OutFile) {
    $stamp = [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')
    $OutFile = Join-Path $PSScriptRoot "results/cancel-benchmark-$stamp.txt"
}
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutFile)

# A snapshot of the built module, so a rebuild in the working tree during the run cannot change what is measured.
$modRoot = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-bench-module-$PID"
$null = New-Item -ItemType Directory -Force -Path $modRoot
Copy-Item (Join-Path $root 'IoTJobs.psd1') $modRoot
Copy-Item (Join-Path $root 'module') $modRoot -Recurse

# The same pwsh that runs this script; as a dotnet tool it is `dotnet <PSHOME>/pwsh.dll` (one process, no launcher).
$pwsh = [Environment]::ProcessPath
$pwshArgs = @()
if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll') }
$emulatorDll = Get-EmulatorDll
# The emulator is snapshotted too (its folder holds its dependencies).
Copy-Item (Split-Path $emulatorDll) (Join-Path $modRoot 'emulator') -Recurse
$emulatorSource = $emulatorDll
$emulatorDll = Join-Path $modRoot "emulator/$(Split-Path $emulatorDll -Leaf)"
$env:IOTJOBS_EMULATOR_DLL = $emulatorDll
Import-Module (Join-Path $modRoot 'IoTJobs.psd1')

$log = [System.Collections.Generic.List[string]]::new()
function Say([string] $line) { $log.Add($line); Write-Host $line }

function Invoke-Measured {
    <# Runs a process, polls its VmHWM (peak RSS) every 50 ms, returns stdout lines and the peak in MB. #>
    param([string] $FilePath, [string[]] $ArgumentList)
    $psi = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
    $peakKb = 0L
    while (-not $p.HasExited) {
        try {
            $hwm = (Get-Content "/proc/$($p.Id)/status" -ErrorAction Stop) -match '^VmHWM:' | Select-Object -First 1
            if ($hwm -and $hwm -match '(\d+)') { $peakKb = [math]::Max($peakKb, [long]$Matches[1]) }
        } catch { }
        Start-Sleep -Milliseconds 50
    }
    $p.WaitForExit()
    [pscustomobject]@{ Out = $out.Result; Err = $err.Result; ExitCode = $p.ExitCode; PolledPeakMB = [math]::Round($peakKb / 1KB, 1) }
}

function Get-JsonLine([string] $text) {
    $line = ($text -split "`n" | Where-Object { $_.TrimStart().StartsWith('{') } | Select-Object -Last 1)
    if (-not $line) { throw "no JSON result line in: $text" }
    $line | ConvertFrom-Json
}

function Invoke-ApiSeed([string] $Endpoint, [string] $Job, [string] $Prefix, [int] $Count) {
    $r = & dotnet $emulatorDll seed --endpoint $Endpoint --job $Job --thing-prefix $Prefix --count $Count --parallel 64 2>&1
    if ($LASTEXITCODE -ne 0) { throw "seed failed: $r" }
}

function Test-AllCanceled([string] $Endpoint, [string] $Job, [int] $Expected) {
    <# Server-side check: nothing QUEUED left, and DescribeJob counts every execution CANCELED. #>
    $d = @{ EndpointUrl = $Endpoint; AccessKey = 'test'; SecretKey = 'test'; Region = 'us-east-1' }
    $queued = @(Get-IoTJobExecution @d -JobId $Job -Status QUEUED -PageSize 250).Count
    $described = Get-IoTJob @d -JobId $Job
    [pscustomobject]@{ Queued = $queued; Canceled = $described.CanceledCount; Ok = ($queued -eq 0 -and $described.CanceledCount -eq $Expected) }
}

$childModule = @'
param($Root, $Endpoint, $JobId, [int] $ThrottleLimit, [int] $First, [switch] $Detailed)
$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module (Join-Path $Root 'IoTJobs.psd1')
$d = @{ EndpointUrl = $Endpoint; AccessKey = 'test'; SecretKey = 'test'; Region = 'us-east-1' }
$stop = @{ Confirm = $false }
if ($ThrottleLimit -gt 0) { $stop.ThrottleLimit = $ThrottleLimit }
$ok = 0
$sw = [Diagnostics.Stopwatch]::StartNew()
if ($Detailed) {
    Get-IoTJobExecution @d -JobId $JobId -Status QUEUED -Detailed -InformationVariable +info |
        Stop-IoTJobExecution @d @stop -ExpectedVersion { $_.VersionNumber } -ErrorVariable failures -ErrorAction SilentlyContinue -InformationVariable +info | ForEach-Object { $ok++ }
} elseif ($First -gt 0) {
    Get-IoTJobExecution @d -JobId $JobId -Status QUEUED | Select-Object -First $First |
        Stop-IoTJobExecution @d @stop -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object { $ok++ }
} else {
    Get-IoTJobExecution @d -JobId $JobId -Status QUEUED |
        Stop-IoTJobExecution @d @stop -ErrorVariable failures -ErrorAction SilentlyContinue -InformationVariable +info | ForEach-Object { $ok++ }
}
$sw.Stop()
$concurrency = @($info | Where-Object { $_.Tags -contains 'Concurrency' } | ForEach-Object { "$($_.MessageData)" }) -join "; "
$p = [Diagnostics.Process]::GetCurrentProcess(); $p.Refresh()
$codes = @($failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Group-Object | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
[pscustomobject]@{ seconds = $sw.Elapsed.TotalSeconds; ok = $ok; failed = @($failures).Count; errors = $codes; peakMB = [math]::Round($p.PeakWorkingSet64 / 1MB, 1); concurrency = $concurrency } | ConvertTo-Json -Compress
'@
$childScript = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-cancel-bench-$PID.ps1"
Set-Content -Path $childScript -Value $childModule

function Invoke-ModuleRun([string] $Endpoint, [string] $Job, [int] $ThrottleLimit, [int] $First, [switch] $Detailed) {
    $childArgs = @('-NoProfile', '-NonInteractive', '-File', $childScript, '-Root', $modRoot,
        '-Endpoint', $Endpoint, '-JobId', $Job, '-ThrottleLimit', $ThrottleLimit, '-First', $First)
    if ($Detailed) { $childArgs += '-Detailed' }
    $m = Invoke-Measured $pwsh ($pwshArgs + $childArgs)
    if ($m.ExitCode -ne 0) { throw "module child failed: $($m.Out) $($m.Err)" }
    $r = Get-JsonLine $m.Out
    [pscustomobject]@{ Seconds = $r.seconds; Ok = $r.ok; Failed = $r.failed; Errors = $r.errors; PeakMB = [math]::Max($r.peakMB, $m.PolledPeakMB); Concurrency = $r.concurrency }
}

function Invoke-Boto3Run([string] $Endpoint, [string] $Job, [int] $Threads) {
    $mm = Invoke-Measured 'python3' @((Join-Path $PSScriptRoot 'boto3_cancel.py'), '--endpoint', $Endpoint, '--job', $Job, '--threads', "$Threads")
    if ($mm.ExitCode -ne 0) { throw "boto3 failed: $($mm.Err)" }
    $j = Get-JsonLine $mm.Out
    $codes = @($j.errors.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
    [pscustomobject]@{ Seconds = $j.seconds; Ok = $j.ok; Failed = $j.failed; Errors = $codes; PeakMB = [math]::Max($j.peakMB, $mm.PolledPeakMB); Concurrency = "$Threads threads" }
}

function Get-LoadLine { "uptime: $((& uptime) -replace '^\s+', '')" }

Say "IoTJobs bulk-cancel benchmark, $([DateTime]::UtcNow.ToString('u'))"
Say "machine: $([Environment]::ProcessorCount) cores, $((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''), $([math]::Round(((Get-Content /proc/meminfo | Select-Object -First 1) -replace '\D', '') / 1MB, 1)) GB RAM; .NET $([Environment]::Version); pwsh $($PSVersionTable.PSVersion); $(python3 -c 'import boto3,botocore;print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}")'); $((& aws --version 2>&1) -split ' ' | Select-Object -First 1)"
Say "emulator: $emulatorSource; module: snapshot of $root/IoTJobs.psd1 + module/ ($((Get-Item (Join-Path $root 'module/bin/IoTJobs.PowerShell.dll')).LastWriteTimeUtc.ToString('u')) build)"
Say "command: dotnet pwsh -NoProfile -File tests/bench/Invoke-CancelBenchmark.ps1 $(($PSBoundParameters.GetEnumerator() | ForEach-Object { "-$($_.Key) $($_.Value -join ',')" }) -join ' ')"
Say (Get-LoadLine)

try {
if ($Part -contains 'Points') {
    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($pt in $Point) {
        $r, $lat = [double[]]($pt -split ':')
        $n = [int]($ItemsPerRate * $r)
        $emu = Start-TestEmulator -ExtraArgs @('--latency-ms', "$lat", '--rate-limit', "CancelJobExecution=$r,DescribeJobExecution=$r")
        try {
            foreach ($m in $PointMethod) {
                $job = "pt-$m-$r-$lat".Replace('.', '_')
                $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/reset"
                $seedClock = [Diagnostics.Stopwatch]::StartNew()
                Invoke-ApiSeed $emu.Endpoint $job "$job-" $n
                Say ("  R={0} latency {1} ms {2}: seeded {3} QUEUED executions through the API in {4:0.0} s; running..." -f $r, $lat, $m, $n, $seedClock.Elapsed.TotalSeconds)
                $res = switch ($m) {
                    'module' { Invoke-ModuleRun $emu.Endpoint $job 0 0 }
                    'module-tl160' { Invoke-ModuleRun $emu.Endpoint $job 160 0 }
                    'detailed' { Invoke-ModuleRun $emu.Endpoint $job 0 0 -Detailed }
                    'boto3-8' { Invoke-Boto3Run $emu.Endpoint $job 8 }
                    'boto3-64' { Invoke-Boto3Run $emu.Endpoint $job 64 }
                }
                $check = Test-AllCanceled $emu.Endpoint $job $n
                $ceiling = if ($m -eq 'detailed') { $r / 2 } else { $r }
                $itemsPerSec = $n / $res.Seconds
                $label = switch ($m) {
                    'module' { 'module, default settings' } 'module-tl160' { 'module, -ThrottleLimit 160' }
                    'detailed' { 'module, Get -Detailed | Stop -ExpectedVersion (ratio to R/2)' }
                    'boto3-8' { 'boto3 adaptive, 8 threads' } 'boto3-64' { 'boto3 adaptive, 64 threads' }
                }
                $row = [pscustomobject][ordered]@{
                    Method = $label; R = $r; 'Latency ms' = $lat; N = $n; Seconds = [math]::Round($res.Seconds, 1); 'Items/s' = [math]::Round($itemsPerSec, 1)
                    'Ratio to R' = [math]::Round($itemsPerSec / $ceiling, 3); Failed = $res.Failed; PeakMB = $res.PeakMB
                    'Server check' = if ($check.Ok) { "all $n CANCELED" } else { "FAILED: $($check.Queued) queued, $($check.Canceled) canceled" }
                    Key = $m
                }
                $rows.Add($row)
                Say ("    {0}: {1:0.0} s, {2:0.0} items/s ({3:0.000} of {4}), failed {5} {6}, peak {7} MB, server: {8}" -f $label, $res.Seconds, $itemsPerSec, $row.'Ratio to R', $(if ($m -eq 'detailed') { 'R/2' } else { 'R' }), $res.Failed, $res.Errors, $res.PeakMB, $row.'Server check')
                if ($res.Concurrency) { Say "      $($res.Concurrency)" }
            }
        } finally { Stop-TestEmulator $emu }
        Say (Get-LoadLine)
    }
    Say ''
    Say "Bulk cancel at (R, latency): emulator --latency-ms <latency> --rate-limit CancelJobExecution=R,DescribeJobExecution=R; N = $ItemsPerRate*R QUEUED executions seeded through the API"
    ($rows | Select-Object -ExcludeProperty Key | Format-Table -AutoSize | Out-String -Width 250).TrimEnd() -split "`n" | ForEach-Object { Say $_.TrimEnd() }
    Say ''
    foreach ($pt in $Point) {
        $r, $lat = [double[]]($pt -split ':')
        $at = @($rows | Where-Object { $_.R -eq $r -and $_.'Latency ms' -eq $lat })
        $mod = $at | Where-Object Key -EQ 'module'
        if (-not $mod) { continue }
        Say ("target ({0}, {1} ms): module >= 0.95 of R with 0 failed: {2} ({3:0.000}, {4} failed)" -f $r, $lat, $(if ($mod.'Ratio to R' -ge 0.95 -and $mod.Failed -eq 0) { 'MET' } else { 'MISSED' }), $mod.'Ratio to R', $mod.Failed)
        foreach ($b in @($at | Where-Object Key -Like 'boto3*')) {
            Say ("target ({0}, {1} ms): module ahead of {2}: {3} ({4} vs {5} items/s)" -f $r, $lat, $b.Method, $(if ($mod.'Items/s' -gt $b.'Items/s') { 'MET' } else { 'MISSED' }), $mod.'Items/s', $b.'Items/s')
        }
    }
    $low = $rows | Where-Object { $_.Key -eq 'module' -and $_.R -eq 10 -and $_.'Latency ms' -eq 40 }
    $high = $rows | Where-Object { $_.Key -eq 'module' -and $_.R -eq 1000 -and $_.'Latency ms' -eq 40 }
    if ($low -and $high) {
        $ratio = $high.PeakMB / $low.PeakMB
        Say ("target: peak memory at (1000, 40) within 1.3 x the peak at (10, 40): {0} ({1} MB vs {2} MB, ratio {3:0.00})" -f $(if ($ratio -le 1.3) { 'MET' } else { 'MISSED' }), $high.PeakMB, $low.PeakMB, $ratio)
    }
}

if ($Part -contains 'Table') {
    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $Rate) {
        $n = [int](30 * $r)
        $limit = "CancelJobExecution=$r,DescribeJobExecution=$r"
        $emu = Start-TestEmulator -ExtraArgs @('--latency-ms', "$LatencyMs", '--rate-limit', $limit)
        try {
            foreach ($m in $Method) {
                $job = "bench-$m-$r".Replace('.', '_')
                $prefix = "$job-".Replace('module-tl1', 'seq')
                $count = switch ($m) { 'cli' { [math]::Min($CliSample, $n) } 'module-tl1' { [math]::Min($SequentialSample, $n) } default { $n } }
                $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/reset"
                Invoke-ApiSeed $emu.Endpoint $job $prefix $count
                Say ("  R={0} {1}: seeded {2} QUEUED executions through the API; running..." -f $r, $m, $count)
                switch ($m) {
                    'module' { $res = Invoke-ModuleRun $emu.Endpoint $job 0 0 }
                    'module-tl1' { $res = Invoke-ModuleRun $emu.Endpoint $job 1 0 }
                    'boto3' {
                        $mm = Invoke-Measured 'python3' @((Join-Path $PSScriptRoot 'boto3_cancel.py'), '--endpoint', $emu.Endpoint, '--job', $job, '--threads', '8')
                        if ($mm.ExitCode -ne 0) { throw "boto3 failed: $($mm.Err)" }
                        $j = Get-JsonLine $mm.Out
                        $codes = @($j.errors.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
                        $res = [pscustomobject]@{ Seconds = $j.seconds; Ok = $j.ok; Failed = $j.failed; Errors = $codes; PeakMB = [math]::Max($j.peakMB, $mm.PolledPeakMB) }
                    }
                    'cli' {
                        $things = 1..$count | ForEach-Object { "$prefix$_" }
                        $mm = Invoke-Measured 'python3' (@((Join-Path $PSScriptRoot 'cli_cancel.py'), '--endpoint', $emu.Endpoint, '--job', $job) + $things)
                        if ($mm.ExitCode -ne 0) { throw "cli run failed: $($mm.Err)" }
                        $j = Get-JsonLine $mm.Out
                        $res = [pscustomobject]@{ Seconds = $j.seconds; Ok = $j.ok; Failed = $j.failed; Errors = ''; PeakMB = $j.peakMB }
                    }
                }
                $check = Test-AllCanceled $emu.Endpoint $job $count
                $stats = Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/stats"
                $sent = [long]$stats.requests.CancelJobExecution
                $sampled = $count -lt $n
                $seconds = if ($sampled) { $res.Seconds * $n / $count } else { $res.Seconds }
                $itemsPerSec = $n / $seconds
                $label = switch ($m) { 'module' { 'module (default -ThrottleLimit)' } 'module-tl1' { 'module -ThrottleLimit 1' } 'boto3' { 'boto3 adaptive, 8 threads' } 'cli' { 'aws cli, process per item' } }
                if ($sampled) { $label += " [sample $count, extrapolated]" }
                $row = [pscustomobject][ordered]@{
                    Method = $label; R = $r; N = $n; Seconds = [math]::Round($seconds, 1); 'Items/s' = [math]::Round($itemsPerSec, 1)
                    'Ratio to R' = [math]::Round($itemsPerSec / $r, 3); Failed = $res.Failed; 'PeakMB' = $res.PeakMB
                    'Server check' = if ($check.Ok) { "all $count CANCELED" } else { "FAILED: $($check.Queued) queued, $($check.Canceled) canceled" }
                    'Cancel calls' = $sent
                }
                $rows.Add($row)
                Say ("    {0}: {1:0.0} s for {2}, {3:0.0} items/s ({4:0.000} of R), failed {5} {6}, peak {7} MB, server: {8}, {9} CancelJobExecution calls" -f $label, $res.Seconds, $count, ($count / $res.Seconds), ($count / $res.Seconds / $r), $res.Failed, $res.Errors, $res.PeakMB, $row.'Server check', $sent)
            }
        } finally { Stop-TestEmulator $emu }
        Say (Get-LoadLine)
    }
    Say ''
    Say "Bulk cancel: emulator --latency-ms $LatencyMs --rate-limit CancelJobExecution=R,DescribeJobExecution=R; N = 30*R QUEUED executions seeded through the API"
    ($rows | Format-Table -AutoSize | Out-String -Width 250).TrimEnd() -split "`n" | ForEach-Object { Say $_.TrimEnd() }
    Say ''
    foreach ($r in $Rate) {
        $mod = $rows | Where-Object { $_.R -eq $r -and $_.Method -like 'module (default*' }
        $boto = $rows | Where-Object { $_.R -eq $r -and $_.Method -like 'boto3*' }
        if ($mod) { Say ("target R={0}: module >= 0.90 R with 0 failed: {1} ({2:0.000}, {3} failed)" -f $r, $(if ($mod.'Ratio to R' -ge 0.9 -and $mod.Failed -eq 0) { 'MET' } else { 'MISSED' }), $mod.'Ratio to R', $mod.Failed) }
        if ($mod -and $boto) { Say ("target R={0}: module beats boto3-adaptive, no more failures: {1} ({2} vs {3} items/s; failed {4} vs {5})" -f $r, $(if ($mod.'Items/s' -gt $boto.'Items/s' -and $mod.Failed -le $boto.Failed) { 'MET' } else { 'MISSED' }), $mod.'Items/s', $boto.'Items/s', $mod.Failed, $boto.Failed) }
    }
}

if ($Part -contains 'Memory') {
    Say ''
    Say 'Memory: Get-IoTJobExecution | Stop-IoTJobExecution (default -ThrottleLimit) in a child pwsh; no latency, no rate limit; seeded through the admin endpoint'
    $emu = Start-TestEmulator
    try {
        $mem = foreach ($n in $MemoryCount) {
            $job = "mem-$n"
            $things = [string[]]::new($n)
            for ($i = 0; $i -lt $n; $i++) { $things[$i] = "mem-$n-$i" }
            $body = @{ jobId = $job; thingNames = $things; inProgress = @() } | ConvertTo-Json -Compress
            $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body $body -ContentType 'application/json'
            $res = Invoke-ModuleRun $emu.Endpoint $job 0 0
            $check = Test-AllCanceled $emu.Endpoint $job $n
            [pscustomobject]@{ N = $n; Seconds = [math]::Round($res.Seconds, 1); 'Items/s' = [math]::Round($n / $res.Seconds, 1); Failed = $res.Failed; PeakMB = $res.PeakMB; 'Server check' = if ($check.Ok) { "all $n CANCELED" } else { "FAILED: $($check.Queued) queued" } }
        }
        ($mem | Format-Table -AutoSize | Out-String -Width 200).TrimEnd() -split "`n" | ForEach-Object { Say $_.TrimEnd() }
        if (@($mem).Count -ge 2) {
            $ratio = $mem[-1].PeakMB / $mem[0].PeakMB
            Say ("target: peak({0}) <= 1.2 x peak({1}): {2} (ratio {3:0.000})" -f $mem[-1].N, $mem[0].N, $(if ($ratio -le 1.2) { 'MET' } else { 'MISSED' }), $ratio)
        }
    } finally { Stop-TestEmulator $emu }
}

if ($Part -contains 'Startup') {
    Say ''
    Say "Startup: median wall time over $StartupRuns whole-process runs (alternating), cwd = the module snapshot (a copy of the repository root's IoTJobs.psd1 + module/)"
    Push-Location $modRoot
    try {
        $bare = [System.Collections.Generic.List[double]]::new(); $imp = [System.Collections.Generic.List[double]]::new()
        for ($i = 0; $i -lt $StartupRuns; $i++) {
            $sw = [Diagnostics.Stopwatch]::StartNew(); & $pwsh @pwshArgs -NoProfile -NonInteractive -c 1 | Out-Null; $bare.Add($sw.Elapsed.TotalMilliseconds)
            $sw = [Diagnostics.Stopwatch]::StartNew(); & $pwsh @pwshArgs -NoProfile -NonInteractive -c 'Import-Module ./IoTJobs.psd1' | Out-Null; $imp.Add($sw.Elapsed.TotalMilliseconds)
        }
        $median = { param($xs) $s = @($xs | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
        $mb = & $median $bare; $mi = & $median $imp
        Say ("  pwsh -NoProfile -c 1                                  median {0:0} ms  (runs: {1})" -f $mb, (($bare | ForEach-Object { '{0:0}' -f $_ }) -join ' '))
        Say ("  pwsh -NoProfile -c 'Import-Module ./IoTJobs.psd1'     median {0:0} ms  (runs: {1})" -f $mi, (($imp | ForEach-Object { '{0:0}' -f $_ }) -join ' '))
        Say ("target: Import-Module adds <= 150 ms: {0} (+{1:0} ms)" -f $(if ($mi - $mb -le 150) { 'MET' } else { 'MISSED' }), ($mi - $mb))

        $emu = Start-TestEmulator
        try {
            $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId x -ThingName y
            $first = @'
param($Endpoint)
Import-Module ./IoTJobs.psd1
$d = @{ EndpointUrl = $Endpoint; AccessKey = 'test'; SecretKey = 'test'; Region = 'us-east-1' }
$first = (Measure-Command { $null = Get-IoTJobExecution @d -JobId x -ThingName y }).TotalMilliseconds
$next = @(1..10 | ForEach-Object { (Measure-Command { $null = Get-IoTJobExecution @d -JobId x -ThingName y }).TotalMilliseconds } | Sort-Object)
[pscustomobject]@{ first = $first; median = ($next[4] + $next[5]) / 2 } | ConvertTo-Json -Compress
'@
            $fs = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-first-$PID.ps1"
            Set-Content $fs $first
            $runs = foreach ($i in 1..5) { Get-JsonLine ((& $pwsh @pwshArgs -NoProfile -NonInteractive -File $fs -Endpoint $emu.Endpoint) -join "`n") }
            Remove-Item $fs
            foreach ($x in $runs) { Say ("  first Get-IoTJobExecution {0:0} ms, steady-state median {1:0.0} ms, extra {2:0} ms" -f $x.first, $x.median, ($x.first - $x.median)) }
            $extra = & $median @($runs | ForEach-Object { $_.first - $_.median })
            Say ("target: first request costs <= 250 ms more than steady state: {0} (median extra over 5 processes {1:0} ms)" -f $(if ($extra -le 250) { 'MET' } else { 'MISSED' }), $extra)
        } finally { Stop-TestEmulator $emu }
    } finally { Pop-Location }
}
} finally {
    Remove-Item $childScript -ErrorAction SilentlyContinue
    Remove-Module IoTJobs -ErrorAction SilentlyContinue
    Say (Get-LoadLine)
    $log | Set-Content -Path $OutFile
    Remove-Item $modRoot -Recurse -Force -ErrorAction SilentlyContinue
    Write-Host "results written to $OutFile"
}
