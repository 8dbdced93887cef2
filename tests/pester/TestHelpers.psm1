# Shared helpers for the Pester suites: start and stop the emulator (and moto) on 127.0.0.1, seed it, read its counters.
# Nothing here reaches past loopback; credentials are the emulator's fake ones.

Set-StrictMode -Version 3

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-EmulatorDll {
    if ($env:IOTJOBS_EMULATOR_DLL -and (Test-Path $env:IOTJOBS_EMULATOR_DLL)) { return $env:IOTJOBS_EMULATOR_DLL }
    $candidates = Get-ChildItem -Path (Join-Path $script:RepoRoot 'src/IoTJobs.Emulator/bin') -Filter 'IoTJobs.Emulator.dll' -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -like 'net*' } | Sort-Object LastWriteTimeUtc -Descending
    if (-not $candidates) { throw "The emulator is not built: run 'dotnet build IoTJobs.PowerShell.sln' first." }
    $candidates[0].FullName
}

function Start-TestEmulator {
    <#
    Starts the emulator on a free loopback port (dotnet IoTJobs.Emulator.dll --port 0 --quiet ...) and returns an object
    with Endpoint and Process (and with -KeepOutput, StdOut and StdErr: tasks with everything the process wrote). A whole-job
    cancel is instant unless -ExtraArgs names --job-cancel-rate or -AwsPace keeps the command line's own default (AWS's
    1,000 a minute). -FilePath runs another program that prints the same first line (an installed iotjobs-emulator, the
    credential stand-in) with exactly -ExtraArgs; -Environment sets the child's variables ($null removes one).
    The one start-up of the emulator for Pester, the demo, the benchmarks, the reliability run and module/help.
    #>
    param(
        [string[]] $ExtraArgs = @(),
        [string] $FilePath,
        [hashtable] $Environment = @{},
        [switch] $KeepOutput,
        [switch] $AwsPace
    )
    Wait-TestEmulator (Start-EmulatorProcess -ExtraArgs $ExtraArgs -FilePath $FilePath -Environment $Environment -AwsPace:$AwsPace) -KeepOutput:$KeepOutput
}

function Start-TestEmulatorSet {
    <# Starts one emulator per argument list, all at once (start-up is the slow part), and returns them in that order. #>
    param([Parameter(Mandatory)] [object[]] $ArgumentSets)
    $started = @(foreach ($set in $ArgumentSets) { Start-EmulatorProcess -ExtraArgs @($set) })
    try { foreach ($s in $started) { Wait-TestEmulator $s } }
    catch { foreach ($s in $started) { if (-not $s.HasExited) { $s.Kill($true) } }; throw }
}

function Start-EmulatorProcess {
    param([string[]] $ExtraArgs = @(), [string] $FilePath, [hashtable] $Environment = @{}, [switch] $AwsPace)
    if ($FilePath) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
        $arguments = $ExtraArgs
    } else {
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Get-EmulatorDll))
        $pace = if ($AwsPace -or $ExtraArgs -contains '--job-cancel-rate') { @() } else { @('--job-cancel-rate', '0') }
        $arguments = @('--port', '0', '--quiet') + $pace + $ExtraArgs
    }
    foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = $Environment[$k] } }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($psi)
}

function Wait-TestEmulator([System.Diagnostics.Process] $Process, [switch] $KeepOutput) {
    $lineTask = $Process.StandardOutput.ReadLineAsync()
    if (-not $lineTask.Wait([TimeSpan]::FromSeconds(30))) {
        $Process.Kill($true)
        throw 'The emulator did not print its Listening line within 30 s.'
    }
    $line = $lineTask.Result
    if ($line -notmatch '^Listening on (http://127\.0\.0\.1:\d+)$') {
        $err = $Process.StandardError.ReadToEnd()
        $Process.Kill($true)
        throw "Unexpected first line from the emulator: '$line' $err"
    }
    # Keep draining its output so it never blocks on a full pipe.
    $out = $Process.StandardOutput.ReadToEndAsync()
    $err = $Process.StandardError.ReadToEndAsync()
    $emulator = [pscustomobject]@{ Endpoint = $Matches[1]; Process = $Process }
    if ($KeepOutput) { $emulator | Add-Member -NotePropertyMembers @{ StdOut = $out; StdErr = $err } }
    $emulator
}

function Stop-TestEmulator {
    param($Emulator)
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Invoke-EmulatorSeed {
    <# Bulk-seeds things, one job and its QUEUED executions through the emulator's admin endpoint; -InProgress moves those things' executions to IN_PROGRESS. #>
    param(
        [Parameter(Mandatory)] [string] $Endpoint,
        [Parameter(Mandatory)] [string] $JobId,
        [Parameter(Mandatory)] [string[]] $ThingName,
        [string[]] $InProgress = @(),
        [string] $ThingTypeName,
        [hashtable] $Attributes = @{}
    )
    $seed = @{ jobId = $JobId; thingNames = @($ThingName); inProgress = @($InProgress); attributes = $Attributes }
    if ($ThingTypeName) { $seed.thingTypeName = $ThingTypeName }
    $body = $seed | ConvertTo-Json -Depth 5 -Compress
    Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/seed" -Body $body -ContentType 'application/json'
}

function Invoke-EmulatorGroupSeed {
    <#
    Bulk-seeds things into a static thing group (created under -ParentGroupName, itself created as a top-level group if
    missing) through the admin endpoint; with -JobId also a job, targeting -TargetThingGroup (a group ARN) if given.
    #>
    param(
        [Parameter(Mandatory)] [string] $Endpoint,
        [Parameter(Mandatory)] [string[]] $ThingName,
        [Parameter(Mandatory)] [string] $ThingGroupName,
        [string] $ParentGroupName,
        [string] $JobId,
        [string] $TargetThingGroup,
        [string] $TargetSelection = 'SNAPSHOT',
        [string[]] $InProgress = @()
    )
    $seed = @{ thingNames = @($ThingName); thingGroupName = $ThingGroupName; inProgress = @($InProgress); targetSelection = $TargetSelection }
    if ($ParentGroupName) { $seed.parentGroupName = $ParentGroupName }
    if ($JobId) { $seed.jobId = $JobId }
    if ($TargetThingGroup) { $seed.targetThingGroup = $TargetThingGroup }
    Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/seed" -Body ($seed | ConvertTo-Json -Depth 5 -Compress) -ContentType 'application/json'
}

function New-TestSite {
    <#
    A site of thing groups on an emulator: site-T > building-7-T (4 things) > floor-2-T (2 things), site-T > building-8-T
    (4 things), and a job on the whole site (-TargetSelection CONTINUOUS for a job that keeps targeting new members).
    #>
    param([Parameter(Mandatory)] [string] $Endpoint, [string[]] $InProgress = @(), [string] $TargetSelection = 'SNAPSHOT')
    $t = [guid]::NewGuid().ToString('N').Substring(0, 6)
    $site = [pscustomobject]@{ Tag = $t; Site = "site-$t"; B7 = "building-7-$t"; Floor = "floor-2-$t"; B8 = "building-8-$t"; Job = "fw-$t"
        B7Things = @(1..4 | ForEach-Object { "b7-$_-$t" }); FloorThings = @(1..2 | ForEach-Object { "f2-$_-$t" }); B8Things = @(1..4 | ForEach-Object { "b8-$_-$t" }) }
    $null = Invoke-EmulatorGroupSeed -Endpoint $Endpoint -ThingName $site.B7Things -ThingGroupName $site.B7 -ParentGroupName $site.Site
    $null = Invoke-EmulatorGroupSeed -Endpoint $Endpoint -ThingName $site.FloorThings -ThingGroupName $site.Floor -ParentGroupName $site.B7
    $null = Invoke-EmulatorGroupSeed -Endpoint $Endpoint -ThingName $site.B8Things -ThingGroupName $site.B8 -ParentGroupName $site.Site `
        -JobId $site.Job -TargetThingGroup $site.Site -InProgress $InProgress -TargetSelection $TargetSelection
    $site
}

function Get-ServerExecutionStatus {
    <# The emulator's own view of a job's executions (never faulted, never rate limited): thing name -> status. #>
    param([Parameter(Mandatory)] [string] $Endpoint, [Parameter(Mandatory)] [string] $JobId)
    $map = @{}
    foreach ($e in (Invoke-RestMethod -Uri "$Endpoint/_emulator/executions?jobId=$JobId").executions) { $map[$e.thingName] = $e.status }
    $map
}

function Get-EmulatorStats {
    param([Parameter(Mandatory)] [string] $Endpoint)
    Invoke-RestMethod -Method Get -Uri "$Endpoint/_emulator/stats"
}

function Reset-Emulator {
    param([Parameter(Mandatory)] [string] $Endpoint)
    $null = Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/reset"
}

function Set-TestDefaults {
    <# Points every IoTJobs cmdlet at a local server with fake credentials, as a user rehearsing offline would. #>
    param([Parameter(Mandatory)] [string] $Endpoint)
    $global:PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
    $global:PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
    $global:PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
    $global:PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-AwsCli {
    <# True when the AWS CLI and moto are both available (the third-party peer tests need both). #>
    if (-not (Get-Command aws -ErrorAction SilentlyContinue)) { return $false }
    if (-not (Get-Command python3 -ErrorAction SilentlyContinue)) { return $false }
    & python3 -c 'import moto.server' 2>$null
    $LASTEXITCODE -eq 0
}

function Set-AwsCliEnvironment {
    $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'; $env:AWS_PAGER = ''
    $env:AWS_CONFIG_FILE = '/dev/null'; $env:AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
}

function Start-TestMoto {
    <# Starts moto's server on a free loopback port; returns Endpoint and Process. #>
    $port = Get-FreeTcpPort
    $psi = [System.Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($a in @('-m', 'moto.server', '-H', '127.0.0.1', '-p', "$port")) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        try { $null = Invoke-WebRequest -Uri "$endpoint/moto-api/" -TimeoutSec 2; break } catch { Start-Sleep -Milliseconds 200 }
    }
    [pscustomobject]@{ Endpoint = $endpoint; Process = $process }
}

function Stop-TestMoto { param($Moto) Stop-TestEmulator $Moto }

function Invoke-AwsCli {
    <# Runs the AWS CLI against a local endpoint; returns parsed JSON output (or $null) and throws with stderr on failure. #>
    param([Parameter(Mandatory)] [string] $Endpoint, [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Arguments)
    Set-AwsCliEnvironment
    $errFile = [System.IO.Path]::GetTempFileName()
    try {
        $out = & aws @Arguments --endpoint-url $Endpoint --output json 2>$errFile
        if ($LASTEXITCODE -ne 0) { throw "aws $($Arguments -join ' ') failed: $(Get-Content -Raw $errFile)" }
    } finally { Remove-Item $errFile -ErrorAction SilentlyContinue }
    $text = ($out | Out-String).Trim()
    if ($text) { $text | ConvertFrom-Json } else { $null }
}

Export-ModuleMember -Function New-TestSite, Get-ServerExecutionStatus, Start-TestEmulator, Start-TestEmulatorSet, Stop-TestEmulator, Invoke-EmulatorSeed, Invoke-EmulatorGroupSeed, Get-EmulatorStats, Reset-Emulator,
    Set-TestDefaults, Get-FreeTcpPort, Test-AwsCli, Set-AwsCliEnvironment, Start-TestMoto, Stop-TestMoto, Invoke-AwsCli, Get-EmulatorDll
