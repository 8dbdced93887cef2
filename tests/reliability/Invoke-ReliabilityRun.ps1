<#
.SYNOPSIS
The reliability run of issue 6: cancels job executions through the module against a misbehaving emulator and prints
an exact account of what happened.

.DESCRIPTION
Phases (each against the emulator started here, on 127.0.0.1, with a distinctive fake secret and session token):
  1. Fault run: -Count executions, emulator at --fault-rate 0.2 (503, dropped connection, applied-then-dropped),
     --seed, 20 calls/s per operation, 100 ms latency:
        Get-IoTJobExecution -JobId <job> -Status QUEUED | Stop-IoTJobExecution -Confirm:$false
  2. Outage: the same pipeline over -OutageCount executions with the service answering 503 to everything for
     -OutageSeconds in the middle; once with AWS_MAX_ATTEMPTS=-MaxAttempts (retries carry it through) and once with
     the default 3 attempts (affected items end in clear errors; the tally must still hold).
  3. -Runspaces runspaces at once (ForEach-Object -Parallel), each cancelling its own job's executions.
  4. Ctrl+C (PowerShell.Stop()) in the middle of a run: time to stop, and whether the emulator still gets requests.
  5. Bad input sweep: cmdlet calls with invalid names, ARNs, maps, versions, regions and endpoints, and malformed raw
     HTTP requests to the emulator.
Every output, error, verbose, warning, debug and information record, every exception chain and the emulator's own
request log (--log-requests) are scanned for the secret key and the session token.

Retries: the fault and parallel phases set AWS_MAX_ATTEMPTS (the standard AWS setting the module honours) to
-MaxAttempts, because at a 20 % fault rate the default 3 attempts leave 0.8 % of calls failed.

.EXAMPLE
./build.sh build
dotnet tool run pwsh -NoProfile -File tests/reliability/Invoke-ReliabilityRun.ps1 | Tee-Object tests/reliability/results.txt
#>
[CmdletBinding()]
param(
    [int] $Count = 1000,
    [int] $Seed = 6,
    [double] $FaultRate = 0.2,
    [double] $RateLimit = 20,
    [int] $LatencyMs = 100,
    [int] $MaxAttempts = 10,
    [int] $OutageCount = 150,
    [double] $OutageSeconds = 5,
    [int] $Runspaces = 16,
    [int] $PerRunspace = 25,
    # 0: the bulk -ThrottleLimit when Stop-IoTJobExecution has it (8), else one at a time.
    [int] $ThrottleLimit = 0,
    # Max attempts for the outage phase: the long retries carry it through, the standard 3 end in clear errors.
    [int[]] $OutageAttempts = @(10, 3),
    [switch] $SkipBadInput
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$psd1 = Join-Path $root 'IoTJobs.psd1'

# Never leave the machine, never read the developer's AWS files.
$env:AWS_EC2_METADATA_DISABLED = 'true'
$env:AWS_CONFIG_FILE = '/dev/null'
$env:AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
foreach ($v in 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IOT', 'AWS_RETRY_MODE') {
    Remove-Item "env:$v" -ErrorAction SilentlyContinue
}
$env:AWS_MAX_ATTEMPTS = "$MaxAttempts"

Import-Module (Join-Path $root 'tests/pester/TestHelpers.psm1') -Force
Import-Module $psd1 -Force

function New-Secret([string] $prefix, [int] $length) {
    $chars = [char[]]'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    $prefix + (-join (1..$length | ForEach-Object { $chars[[System.Security.Cryptography.RandomNumberGenerator]::GetInt32($chars.Length)] }))
}
$accessKey = 'AKIDRELIABILITY'
$secret = New-Secret 'S3cr3t-' 40
$token = New-Secret 'T0k3n-' 60
$leakPatterns = @($secret, $token, [uri]::EscapeDataString($secret), [uri]::EscapeDataString($token), $secret.Substring(7, 20), $token.Substring(6, 20))

$hasThrottleLimit = (Get-Command Stop-IoTJobExecution).Parameters.ContainsKey('ThrottleLimit')
if ($ThrottleLimit -eq 0) { $ThrottleLimit = if ($hasThrottleLimit) { 8 } else { 1 } }
if ($ThrottleLimit -gt 1 -and -not $hasThrottleLimit) { throw 'Stop-IoTJobExecution has no -ThrottleLimit in this build; use -ThrottleLimit 1.' }

$emulators = [System.Collections.Generic.List[object]]::new()
function Start-RunEmulator([string[]] $Arguments) {
    # Its request log (--log-requests) is kept for the secret scan at the end.
    $e = Start-TestEmulator -AwsPace -KeepOutput -ExtraArgs (@('--log-requests', '--access-key', $accessKey, '--secret-key', $secret) + $Arguments)
    $e | Add-Member -NotePropertyName Args -NotePropertyValue ($Arguments -join ' ')
    $emulators.Add($e)
    $e
}

function Get-Count($counts, [string] $name) { $p = $counts.PSObject.Properties[$name]; if ($p) { [int]$p.Value } else { 0 } }
function Get-Stats($emu) { Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/stats" }
function Get-ServerState($emu, [string] $job) { Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/executions?jobId=$job" }
function Reset-Run($emu) { $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/reset" }
function Seed-Job($emu, [string] $job, [string[]] $things) {
    $body = @{ jobId = $job; thingNames = $things } | ConvertTo-Json -Compress
    $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body $body -ContentType 'application/json'
}

function Get-Defaults($emu) {
    @{
        '*-IoT*:EndpointUrl' = $emu.Endpoint; '*-IoT*:Region' = 'us-east-1'
        '*-IoT*:AccessKey' = $accessKey; '*-IoT*:SecretKey' = $secret; '*-IoT*:SessionToken' = $token
    }
}

# Every text a user or a log could see, for the secret scan.
$scanned = [System.Text.StringBuilder]::new()
function Add-Scanned([object[]] $records) {
    foreach ($r in $records) {
        if ($null -eq $r) { continue }
        if ($r -is [System.Management.Automation.ErrorRecord]) {
            $null = $scanned.AppendLine($r.ToString()).AppendLine([string]$r.ErrorDetails).AppendLine($r.ScriptStackTrace).AppendLine([string]$r.TargetObject)
            for ($e = $r.Exception; $e; $e = $e.InnerException) { $null = $scanned.AppendLine($e.ToString()) }
        } elseif ($r -is [System.Management.Automation.InformationalRecord]) {
            $null = $scanned.AppendLine($r.Message)
        } elseif ($r -is [System.Management.Automation.InformationRecord]) {
            $null = $scanned.AppendLine([string]$r.MessageData)
        } elseif ($r -is [System.Exception]) {
            for ($e = $r; $e; $e = $e.InnerException) { $null = $scanned.AppendLine($e.ToString()) }
        } else {
            $null = $scanned.AppendLine(($r | Format-List * | Out-String))
        }
    }
}

# Runs the cancel pipeline in a fresh runspace of this process; returns the [powershell] (not yet invoked).
function New-CancelRun($emu, [string] $job, [int] $throttle) {
    $iss = [initialsessionstate]::CreateDefault2()
    $iss.ImportPSModule($psd1)
    $rs = [runspacefactory]::CreateRunspace($iss)
    $rs.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    $null = $ps.AddScript({
        param($Defaults, $JobId, $Throttle)
        foreach ($k in $Defaults.Keys) { $PSDefaultParameterValues[$k] = $Defaults[$k] }
        $global:listed = [System.Collections.Generic.List[object]]::new()
        # Debug records are captured through the preference: the -Debug switch would also turn every error into an
        # Inquire prompt (PowerShell's rule), which a host without UI answers with a terminating HostException.
        $DebugPreference = 'Continue'
        $stop = @{ Confirm = $false; Verbose = $true }
        if ($Throttle -gt 1) { $stop.ThrottleLimit = $Throttle }
        Get-IoTJobExecution -JobId $JobId -Status QUEUED -Verbose |
            ForEach-Object { $global:listed.Add($_); $_ } |
            Stop-IoTJobExecution @stop
    }).AddArgument((Get-Defaults $emu)).AddArgument($job).AddArgument($throttle)
    $ps
}

function Get-Tally($ps, $emu, [string] $job, [string[]] $seeded, $output) {
    $streams = $ps.Streams
    Add-Scanned @($output) ; Add-Scanned @($streams.Error) ; Add-Scanned @($streams.Verbose) ; Add-Scanned @($streams.Warning)
    Add-Scanned @($streams.Debug) ; Add-Scanned @($streams.Information)
    $listed = @($ps.Runspace.SessionStateProxy.GetVariable('listed'))
    $outcomes = @{}
    foreach ($t in $seeded) { $outcomes[$t] = [System.Collections.Generic.List[string]]::new() }
    $okNotCanceled = 0
    foreach ($o in $output) {
        $x = $o.PSObject.BaseObject
        if ($x -is [IoTJobs.PowerShell.Output.JobExecution]) {
            $outcomes[$x.ThingName].Add('ok')
            if ("$($x.Status)" -ne 'CANCELED') { $okNotCanceled++ }
        }
    }
    $stopErrors = @(); $otherErrors = @()
    foreach ($e in $streams.Error) {
        $thing = $null
        if ($e.Exception.PSObject.Properties['ThingName']) { $thing = $e.Exception.ThingName }
        if (-not $thing -and $e.TargetObject -and $e.TargetObject.PSObject.Properties['ThingName']) { $thing = $e.TargetObject.ThingName }
        if ($e.FullyQualifiedErrorId -like '*StopIoTJobExecutionCommand' -and $thing -and $outcomes.ContainsKey($thing)) {
            $outcomes[$thing].Add("error:$($e.FullyQualifiedErrorId.Split(',')[0])")
            $stopErrors += $e
        } else { $otherErrors += $e }
    }
    $server = Get-ServerState $emu $job
    $serverStatus = @{}
    foreach ($s in $server.executions) { $serverStatus[$s.thingName] = $s.status }
    $canceled = @($seeded | Where-Object { $serverStatus[$_] -eq 'CANCELED' }).Count
    $withOne = @($seeded | Where-Object { $outcomes[$_].Count -eq 1 }).Count
    $lost = @($seeded | Where-Object { $outcomes[$_].Count -eq 0 })
    $dupes = @($seeded | Where-Object { $outcomes[$_].Count -gt 1 })
    # A false error: the item is reported failed although the service shows it CANCELED.
    $falseErrors = @($stopErrors | Where-Object { $serverStatus[$_.Exception.ThingName] -eq 'CANCELED' })
    # A false success: reported canceled although the service does not show it CANCELED.
    $falseOk = @($seeded | Where-Object { $outcomes[$_] -contains 'ok' -and $serverStatus[$_] -ne 'CANCELED' })
    $ambiguous = @($streams.Verbose | Where-Object { $_.Message -like '*earlier attempt of this request reached the service*' }).Count
    [pscustomobject]@{
        Items = $seeded.Count; Listed = $listed.Count; ListedDistinct = @($listed | ForEach-Object ThingName | Sort-Object -Unique).Count
        Output = @($output).Count; OutputNotCanceled = $okNotCanceled; Errors = $stopErrors.Count; OtherErrors = $otherErrors
        ExactlyOne = $withOne; Lost = $lost; Duplicates = $dupes; FalseErrors = $falseErrors.Count; FalseSuccesses = $falseOk.Count
        ServerCanceled = $canceled; ServerCounts = $server.statusCounts; AmbiguousResolved = $ambiguous
        ErrorsById = ($stopErrors | Group-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '
        ErrorSamples = @($stopErrors | Select-Object -First 3 | ForEach-Object { "  $($_.Exception.ThingName): $($_.Exception.Message)" })
        Warnings = $streams.Warning.Count
    }
}

function Format-Faults($stats) {
    $f = $stats.faults
    "serviceUnavailable=$($f.serviceUnavailable) drop=$($f.drop) applyThenDrop=$($f.applyThenDrop) outage=$($f.outage) (total $($f.serviceUnavailable + $f.drop + $f.applyThenDrop + $f.outage))"
}
function Format-Requests($stats) {
    ($stats.requests.PSObject.Properties | Where-Object Value -gt 0 | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
}
$script:totals = @{ Items = 0; Lost = 0; Duplicates = 0; FalseErrors = 0; FalseSuccesses = 0 }
function Write-Tally([string] $name, $t, $stats, [double] $seconds) {
    $script:totals.Items += $t.Items; $script:totals.Lost += $t.Lost.Count; $script:totals.Duplicates += $t.Duplicates.Count
    $script:totals.FalseErrors += $t.FalseErrors; $script:totals.FalseSuccesses += $t.FalseSuccesses
    "[$name] items $($t.Items) | listed $($t.Listed) (distinct $($t.ListedDistinct)) | output $($t.Output) | errors $($t.Errors) | exactly one outcome $($t.ExactlyOne)/$($t.Items) | lost $($t.Lost.Count) | duplicates $($t.Duplicates.Count) | false errors $($t.FalseErrors) | false successes $($t.FalseSuccesses)"
    "    server: CANCELED $($t.ServerCanceled)/$($t.Items) ($(($t.ServerCounts.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' ')) | output objects not CANCELED $($t.OutputNotCanceled) | ambiguous cancels resolved by describe $($t.AmbiguousResolved) | warnings $($t.Warnings) | $([math]::Round($seconds, 1)) s"
    "    faults injected: $(Format-Faults $stats)"
    "    requests: $(Format-Requests $stats)"
    if ($t.Errors) { "    errors by id: $($t.ErrorsById)"; $t.ErrorSamples }
    if ($t.OtherErrors.Count) { "    other errors: $($t.OtherErrors.Count): $(($t.OtherErrors | Select-Object -First 2 | ForEach-Object { $_.ToString() }) -join ' | ')" }
    if ($t.Lost.Count) { "    lost: $(($t.Lost | Select-Object -First 10) -join ', ')" }
    if ($t.Duplicates.Count) { "    duplicates: $(($t.Duplicates | Select-Object -First 10) -join ', ')" }
}

$checks = [System.Collections.Generic.List[object]]::new()
function Check([string] $what, [bool] $ok) { $checks.Add([pscustomobject]@{ What = $what; Ok = $ok }) }

$started = Get-Date
"IoTJobs reliability run, $($started.ToUniversalTime().ToString('yyyy-MM-dd HH:mm:ss')) UTC, PowerShell $($PSVersionTable.PSVersion), $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), $([Environment]::ProcessorCount) cores"
"Stop-IoTJobExecution -ThrottleLimit: $(if ($hasThrottleLimit) { "available, using $ThrottleLimit" } else { 'not in this build, one execution at a time' }); AWS_MAX_ATTEMPTS=$MaxAttempts"
try {
    # ---------------------------------------------------------------- 1. fault run
    $faultArgs = @('--fault-rate', "$FaultRate", '--seed', "$Seed", '--rate-limit', "$RateLimit", '--latency-ms', "$LatencyMs")
    $emu = Start-RunEmulator $faultArgs
    "Emulator: $($emu.Endpoint) $($emu.Args) (fault kinds: 503, drop, apply-then-drop)"
    ""
    $things = @(1..$Count | ForEach-Object { 'rel-{0:D4}' -f $_ })
    Seed-Job $emu 'rel-job' $things
    $ps = New-CancelRun $emu 'rel-job' $ThrottleLimit
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $out = $ps.Invoke()
    $clock.Stop()
    $stats = Get-Stats $emu
    $t = Get-Tally $ps $emu 'rel-job' $things $out
    Write-Tally "fault run, $Count executions, fault rate $FaultRate, seed $Seed, $RateLimit calls/s, $LatencyMs ms" $t $stats $clock.Elapsed.TotalSeconds
    Check 'fault run: every execution CANCELED server-side' ($t.ServerCanceled -eq $Count)
    Check 'fault run: exactly one outcome per item, none lost, none twice' ($t.ExactlyOne -eq $Count -and $t.Lost.Count -eq 0 -and $t.Duplicates.Count -eq 0)
    Check 'fault run: no false error, no false success' ($t.FalseErrors -eq 0 -and $t.FalseSuccesses -eq 0 -and $t.Errors -eq 0)
    Check 'fault run: applied-then-dropped faults were injected' ($stats.faults.applyThenDrop -gt 0)
    $faultStats = $stats
    $ps.Runspace.Dispose(); $ps.Dispose()
    ""

    # ---------------------------------------------------------------- 2. outage, with and without long retries
    foreach ($attempts in $OutageAttempts) {
        $env:AWS_MAX_ATTEMPTS = "$attempts"
        $emuO = Start-RunEmulator @('--rate-limit', "$RateLimit", '--latency-ms', "$LatencyMs", '--seed', "$Seed")
        $job = "outage-$attempts"
        $things = @(1..$OutageCount | ForEach-Object { "out$attempts-{0:D4}" -f $_ })
        Seed-Job $emuO $job $things
        $ps = New-CancelRun $emuO $job $ThrottleLimit
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        # Mid-run: once a third of the cancels went through.
        while ((Get-Stats $emuO).requests.CancelJobExecution -lt [math]::Max(5, [int]($OutageCount / 3)) -and -not $async.IsCompleted) { Start-Sleep -Milliseconds 100 }
        $outageAt = $clock.Elapsed.TotalSeconds
        $null = Invoke-RestMethod -Method Post -Uri "$($emuO.Endpoint)/_emulator/outage?seconds=$OutageSeconds"
        $null = $ps.EndInvoke($async)
        $clock.Stop()
        $stats = Get-Stats $emuO
        $t = Get-Tally $ps $emuO $job $things @($output)
        Write-Tally "outage $OutageSeconds s at $([math]::Round($outageAt, 1)) s, $OutageCount executions, AWS_MAX_ATTEMPTS=$attempts" $t $stats $clock.Elapsed.TotalSeconds
        Check "outage (max attempts $attempts): exactly one outcome per listed item, none twice" ($t.Duplicates.Count -eq 0 -and $t.ExactlyOne -eq $t.Listed)
        Check "outage (max attempts $attempts): errors only for executions not canceled, successes only for canceled ones" ($t.FalseErrors -eq 0 -and $t.FalseSuccesses -eq 0)
        Check "outage (max attempts $attempts): items that were listed but not canceled have an error" (($t.ServerCanceled + $t.Errors) -ge $t.Listed)
        if ($attempts -ge 10) { Check "outage (max attempts $attempts): retries carried every item through" ($t.ServerCanceled -eq $OutageCount -and $t.Errors -eq 0) }
        $ps.Runspace.Dispose(); $ps.Dispose()
        ""
    }
    $env:AWS_MAX_ATTEMPTS = "$MaxAttempts"

    # ---------------------------------------------------------------- 3. runspaces at once
    Reset-Run $emu
    foreach ($i in 1..$Runspaces) { Seed-Job $emu "par-$i" @(1..$PerRunspace | ForEach-Object { "par$i-t{0:D3}" -f $_ }) }
    $defaults = Get-Defaults $emu
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $results = 1..$Runspaces | ForEach-Object -ThrottleLimit $Runspaces -Parallel {
        Import-Module $using:psd1
        $d = $using:defaults
        foreach ($k in $d.Keys) { $PSDefaultParameterValues[$k] = $d[$k] }
        $ErrorActionPreference = 'Continue'
        $job = "par-$_"
        $all = @(Get-IoTJobExecution -JobId $job -Status QUEUED | Stop-IoTJobExecution -Confirm:$false -Verbose 2>&1 3>&1 4>&1)
        [pscustomobject]@{
            Job = $job; Index = $_
            Canceled = @($all | Where-Object { $_ -is [IoTJobs.PowerShell.Output.JobExecution] -and "$($_.Status)" -eq 'CANCELED' } | ForEach-Object ThingName)
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Text = @($all | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.ToString() + $_.Exception.ToString() } else { "$_" } }) -join "`n"
        }
    }
    $clock.Stop()
    $stats = Get-Stats $emu
    Add-Scanned @($results.Text)
    $wrongJob = 0; $dupes = 0; $errorsTotal = 0; $serverOk = 0
    foreach ($r in $results) {
        $wrongJob += @($r.Canceled | Where-Object { $_ -notlike "par$($r.Index)-*" }).Count
        $dupes += $r.Canceled.Count - @($r.Canceled | Sort-Object -Unique).Count
        $errorsTotal += $r.Errors.Count
        $serverOk += (Get-Count (Get-ServerState $emu $r.Job).statusCounts 'CANCELED')
    }
    $outputs = ($results | ForEach-Object { $_.Canceled.Count } | Measure-Object -Sum).Sum
    "[$Runspaces runspaces at once, $PerRunspace executions each, same emulator and fault settings] runspaces finished $(@($results).Count) | output $outputs/$($Runspaces * $PerRunspace) | errors $errorsTotal | items from another runspace's job $wrongJob | duplicates $dupes | server CANCELED $serverOk/$($Runspaces * $PerRunspace) | $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s"
    "    faults injected: $(Format-Faults $stats)"
    "    requests: $(Format-Requests $stats)"
    if ($errorsTotal) { $results.Errors | Select-Object -First 3 | ForEach-Object { "    error: $($_.FullyQualifiedErrorId): $($_.Exception.Message)" } }
    Check 'runspaces: all canceled, each its own, no errors, no duplicates' ($outputs -eq $Runspaces * $PerRunspace -and $serverOk -eq $outputs -and $errorsTotal -eq 0 -and $wrongJob -eq 0 -and $dupes -eq 0)
    ""

    # ---------------------------------------------------------------- 4. Ctrl+C
    Reset-Run $emu
    $things = @(1..300 | ForEach-Object { 'stop-{0:D3}' -f $_ })
    Seed-Job $emu 'stop-job' $things
    $ps = New-CancelRun $emu 'stop-job' $ThrottleLimit
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
    while ((Get-Stats $emu).requests.CancelJobExecution -lt 20 -and -not $async.IsCompleted) { Start-Sleep -Milliseconds 50 }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $ps.Stop()
    $clock.Stop()
    $stopMs = $clock.Elapsed.TotalMilliseconds
    $t0 = (Get-Stats $emu).total
    Start-Sleep -Seconds 2
    $t1 = (Get-Stats $emu).total
    Start-Sleep -Seconds 1
    $t2 = (Get-Stats $emu).total
    $state = Get-ServerState $emu 'stop-job'
    $canceledNow = (Get-Count $state.statusCounts 'CANCELED')
    Add-Scanned @($output); Add-Scanned @($ps.Streams.Error)
    "[Ctrl+C after $((Get-Stats $emu).requests.CancelJobExecution) cancels of 300] state $($ps.InvocationStateInfo.State) | Stop() returned in $([math]::Round($stopMs)) ms | API requests after the stop: +$($t1 - $t0) in 2 s, +$($t2 - $t1) in the next 1 s | outcomes written $($output.Count), executions CANCELED $canceledNow "
    Check 'Ctrl+C: stopped within a second' ($stopMs -lt 1000 -and "$($ps.InvocationStateInfo.State)" -eq 'Stopped')
    Check 'Ctrl+C: no request after the stop' (($t1 - $t0) -eq 0 -and ($t2 - $t1) -eq 0)
    "    canceled without an outcome written: $($canceledNow - $output.Count) (up to -ThrottleLimit $ThrottleLimit cancels are in flight, and output keeps input order, so finished outcomes queued behind an unfinished one are not written when stopped)"
    $ps.Runspace.Dispose(); $ps.Dispose()
    ""

    # ---------------------------------------------------------------- 5. bad input
    $badTried = 0; $badClear = 0; $badHung = 0
    $rawTried = 0; $raw4xx = 0; $raw500 = 0
    if (-not $SkipBadInput) {
        # The standard 3 attempts here: a closed port is retried like any connection failure.
        Remove-Item env:AWS_MAX_ATTEMPTS -ErrorAction SilentlyContinue
        $clean = Start-RunEmulator @()
        Seed-Job $clean 'bad-job' @('good-1', 'good-2')
        $cases = [ordered]@{
            'empty thing name'              = { Stop-IoTJobExecution -ThingName '' -JobId 'bad-job' -Confirm:$false }
            'thing name of 129 characters'  = { Stop-IoTJobExecution -ThingName ('a' * 129) -JobId 'bad-job' -Confirm:$false }
            'thing name with a space'       = { Stop-IoTJobExecution -ThingName 'bad name' -JobId 'bad-job' -Confirm:$false }
            'thing name with a slash'       = { Stop-IoTJobExecution -ThingName 'a/b' -JobId 'bad-job' -Confirm:$false }
            'empty job id'                  = { Stop-IoTJobExecution -ThingName 'good-1' -JobId '' -Confirm:$false }
            'job id of 65 characters'       = { Stop-IoTJobExecution -ThingName 'good-1' -JobId ('j' * 65) -Confirm:$false }
            'job id with a dot'             = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'job.1' -Confirm:$false }
            'job id with a colon'           = { Get-IoTJobExecution -ThingName 'good-1' -JobId 'job:1' }
            'job ARN as thing name'         = { Stop-IoTJobExecution -ThingName 'arn:aws:iot:us-east-1:123456789012:job/bad-job' -JobId 'bad-job' -Confirm:$false }
            'thing ARN as job id'           = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'arn:aws:iot:us-east-1:123456789012:thing/good-1' -Confirm:$false }
            'S3 ARN as thing name'          = { Get-IoTThing -ThingName 'arn:aws:s3:::bucket/key' }
            '$null piped'                   = { $null | Stop-IoTJobExecution -JobId 'bad-job' -Confirm:$false }
            'object without names piped'    = { [pscustomobject]@{ Foo = 1 } | Stop-IoTJobExecution -Confirm:$false }
            'object without names to Get'   = { [pscustomobject]@{ Foo = 1 } | Get-IoTJobExecution }
            'status details with 11 pairs'  = { $m = @{}; 1..11 | ForEach-Object { $m["k$_"] = 'v' }; Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -StatusDetails $m -Confirm:$false }
            'status details key with space' = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -StatusDetails @{ 'bad key' = 'v' } -Confirm:$false }
            'status details empty value'    = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -StatusDetails @{ k = '' } -Confirm:$false }
            'status details value newline'  = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -StatusDetails @{ k = "a`nb" } -Confirm:$false }
            'negative -ExpectedVersion'     = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -ExpectedVersion -1 -Confirm:$false }
            '-ThrottleLimit 0'              = { Stop-IoTJobExecution -ThingName 'good-1' -JobId 'bad-job' -ThrottleLimit 0 -Confirm:$false }
            'malformed region'              = { Get-IoTJob -JobId 'bad-job' -Region 'US_EAST' }
            'unknown region xx-nowhere-9'   = { Get-IoTJob -JobId 'bad-job' -Region 'xx-nowhere-9' }
            'endpoint "not a url"'          = { Get-IoTJob -JobId 'bad-job' -EndpointUrl 'not a url' }
            'endpoint ftp://x'              = { Get-IoTJob -JobId 'bad-job' -EndpointUrl 'ftp://x' }
            'endpoint with a query'         = { Get-IoTJob -JobId 'bad-job' -EndpointUrl 'http://127.0.0.1:1/?a=b' }
            'endpoint closed port'          = { Get-IoTJob -JobId 'bad-job' -EndpointUrl 'http://127.0.0.1:1' }
            'wrong secret key'              = { Get-IoTJob -JobId 'bad-job' -SecretKey 'wrong-secret-key' }
            'unknown job'                   = { Get-IoTJob -JobId 'no-such-job' }
            'unknown thing'                 = { Get-IoTThing -ThingName 'no-such-thing' }
            'execution that does not exist' = { Stop-IoTJobExecution -ThingName 'no-such-thing' -JobId 'bad-job' -Confirm:$false }
            '-Status Unknown'               = { Get-IoTJobExecution -JobId 'bad-job' -Status Unknown }
            '-PageSize 0'                   = { Get-IoTJobExecution -JobId 'bad-job' -PageSize 0 }
            'access key without secret'     = { Get-IoTJob -JobId 'bad-job' -AccessKey 'AKIDONLY' }
        }
        $bad = [System.Collections.Generic.List[object]]::new()
        foreach ($name in $cases.Keys) {
            $iss = [initialsessionstate]::CreateDefault2(); $iss.ImportPSModule($psd1)
            $ps = [powershell]::Create($iss)
            $d = Get-Defaults $clean
            if ($name -eq 'access key without secret') { $d.Remove('*-IoT*:SecretKey'); $d.Remove('*-IoT*:SessionToken') }
            $null = $ps.AddScript('param($d) foreach ($k in $d.Keys) { $PSDefaultParameterValues[$k] = $d[$k] }').AddArgument($d)
            $null = $ps.Invoke(); $ps.Commands.Clear()
            $null = $ps.AddScript("try { & { $($cases[$name]) } } catch { `$_ }")
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $async = $ps.BeginInvoke()
            $finished = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15))
            $clock.Stop()
            $badTried++
            if (-not $finished) { $badHung++; $ps.Stop(); $bad.Add("  HUNG  $name"); continue }
            $res = @($ps.EndInvoke($async))
            $err = @($res | ForEach-Object { $_.PSObject.BaseObject } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) + @($ps.Streams.Error)
            Add-Scanned $err; Add-Scanned @($ps.Streams.Warning)
            $first = $err | Select-Object -First 1
            if ($first) {
                $badClear++
                $msg = ($first.Exception.Message -replace '\s+', ' ')
                if ($msg.Length -gt 150) { $msg = $msg.Substring(0, 150) + '...' }
                $bad.Add(("  {0,-31} {1,5} ms  {2}: {3}" -f $name, [int]$clock.Elapsed.TotalMilliseconds, $first.FullyQualifiedErrorId.Split(',')[0], $msg))
            } else { $bad.Add("  NO ERROR  $name") }
            $ps.Dispose()
        }
        $served = (Invoke-RestMethod -Uri "$($clean.Endpoint)/_emulator/executions?jobId=bad-job").statusCounts
        "[bad input] cmdlet cases tried $badTried | clear error $badClear | hung $badHung | good executions untouched: QUEUED $(Get-Count $served 'QUEUED')/2"
        $bad

        # Malformed raw requests to the emulator: every answer 4xx, never 500, and it keeps serving.
        $uri = [uri]$clean.Endpoint
        $auth = "Authorization: AWS4-HMAC-SHA256 Credential=$accessKey/20200101/us-east-1/iot/aws4_request, SignedHeaders=host, Signature=00`r`n"
        $raws = [ordered]@{
            'bad percent-encoding'  = "GET /things/%ZZ HTTP/1.1`r`nHost: x`r`n$auth`r`n"
            'invalid UTF-8 in path' = "GET /things/%FF%FE HTTP/1.1`r`nHost: x`r`n$auth`r`n"
            'unsigned known path'   = "GET /jobs HTTP/1.1`r`nHost: x`r`n`r`n"
            'bad signature'         = "GET /jobs HTTP/1.1`r`nHost: x`r`nX-Amz-Date: 20200101T000000Z`r`n$auth`r`n"
            'unknown path'          = "GET /nothing/here HTTP/1.1`r`nHost: x`r`n`r`n"
            '64 KB header'          = "GET /jobs HTTP/1.1`r`nHost: x`r`nX-Big: $('a' * 65536)`r`n`r`n"
            '16 KB URL'             = "GET /things/$('a' * 16384) HTTP/1.1`r`nHost: x`r`n`r`n"
            'not HTTP'              = "GARBAGE`r`n`r`n"
            'truncated JSON body'   = "PUT /jobs/j HTTP/1.1`r`nHost: x`r`nContent-Length: 5`r`n$auth`r`n{{{{{"
            'bad admin seed body'   = "POST /_emulator/seed HTTP/1.1`r`nHost: x`r`nContent-Length: 3`r`n`r`n{x}"
            'admin outage no value' = "POST /_emulator/outage HTTP/1.1`r`nHost: x`r`nContent-Length: 0`r`n`r`n"
        }
        $rawLines = [System.Collections.Generic.List[string]]::new()
        foreach ($name in $raws.Keys) {
            $rawTried++
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.Connect($uri.Host, $uri.Port)
                $stream = $client.GetStream()
                $stream.ReadTimeout = 10000
                $bytes = [System.Text.Encoding]::ASCII.GetBytes($raws[$name])
                try { $stream.Write($bytes, 0, $bytes.Length) } catch { }
                $buf = [byte[]]::new(4096)
                $n = try { $stream.Read($buf, 0, $buf.Length) } catch { 0 }
                $head = [System.Text.Encoding]::ASCII.GetString($buf, 0, $n).Split("`r`n")[0]
            } finally { $client.Dispose() }
            if ($head -match '^HTTP/1\.1 4\d\d') { $raw4xx++ } elseif ($head -match '^HTTP/1\.1 5') { $raw500++ }
            $rawLines.Add(("  {0,-24} {1}" -f $name, $(if ($head) { $head } else { '(connection closed)' })))
        }
        # 10 MB signed-looking body and the server still answering afterwards.
        $rawTried++
        try {
            $r = Invoke-WebRequest -Method Put -Uri "$($clean.Endpoint)/jobs/j" -Body ([byte[]]::new(10MB)) -ContentType 'application/json' -Headers @{ Authorization = $auth.Substring(15).Trim() } -SkipHttpErrorCheck
            if ([int]$r.StatusCode -ge 400 -and [int]$r.StatusCode -lt 500) { $raw4xx++ } elseif ([int]$r.StatusCode -ge 500) { $raw500++ }
            $rawLines.Add(("  {0,-24} HTTP {1}" -f '10 MB body', [int]$r.StatusCode))
        } catch { $rawLines.Add("  10 MB body               $($_.Exception.Message)") }
        $alive = (Invoke-WebRequest -Uri "$($clean.Endpoint)/_emulator/stats").StatusCode -eq 200
        "[bad input] malformed requests to the emulator $rawTried | 4xx $raw4xx | 500 $raw500 | still serving afterwards: $alive"
        $rawLines
        Check 'bad input: every case a clear error, none hung' ($badHung -eq 0 -and $badClear -eq $badTried)
        Check 'bad input: emulator answered 4xx to every malformed request, never 500, kept serving' ($raw500 -eq 0 -and $raw4xx -eq $rawTried -and $alive)
        ""
    }
}
finally {
    foreach ($e in $emulators) {
        if (-not $e.Process.HasExited) { $e.Process.Kill($true); $null = $e.Process.WaitForExit(10000) }
    }
}

# ---------------------------------------------------------------- secrets
$logLines = 0
foreach ($e in $emulators) {
    $log = $e.StdOut.GetAwaiter().GetResult() + $e.StdErr.GetAwaiter().GetResult()
    $logLines += ($log -split "`n").Count
    $null = $scanned.AppendLine($log)
}
$text = $scanned.ToString()
$leaks = 0
foreach ($p in $leakPatterns) { $leaks += ([regex]::Matches($text, [regex]::Escape($p))).Count }
$authHeaders = ([regex]::Matches($text, 'Signature=[0-9a-f]{64}')).Count
"[secrets] scanned $([math]::Round($text.Length / 1MB, 1)) MB of output, errors (exception chains included), verbose, warning, debug and information records, and $logLines emulator log lines: secret key or session token found $leaks times; signed Authorization values found $authHeaders times"
Check 'secrets: none leaked' ($leaks -eq 0 -and $authHeaders -eq 0)
""
$failed = @($checks | Where-Object { -not $_.Ok })
"Summary: fault run faults injected: $(Format-Faults $faultStats)"
"  items cancelled through the pipeline (fault run + outage runs): $($totals.Items); lost = $($totals.Lost); duplicates = $($totals.Duplicates); false errors = $($totals.FalseErrors); false successes = $($totals.FalseSuccesses); runspaces: $Runspaces x $PerRunspace items, lost = $($Runspaces * $PerRunspace - $outputs - $errorsTotal)"
"  leaked secrets = $leaks; bad inputs tried = $($badTried + $rawTried) ($badTried cmdlet calls, $rawTried malformed HTTP requests)"
foreach ($c in $checks) { "  [{0}] {1}" -f $(if ($c.Ok) { 'PASS' } else { 'FAIL' }), $c.What }
"$($checks.Count - $failed.Count) of $($checks.Count) checks passed in $([math]::Round(((Get-Date) - $started).TotalSeconds)) s"
if ($failed) { exit 1 }
