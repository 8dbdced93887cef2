# IoTJobs beside AWS.Tools.IoT (issue 22): six command names are the same to PowerShell (names ignore case) and mean
# different things. A stand-in binary module with AWS.Tools.IoT's name, those names and their parameters
# (tests/standins/AWS.Tools.IoT, built with the solution, never shipped) says which module ran; IoTJobs' cmdlets run
# against the emulator. Every case is a fresh pwsh (-NonInteractive, standard input at end of file): a binary module
# cannot be unloaded. Each case asserts which module's command ran, and what the import warning said.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifest = Join-Path $root 'IoTJobs.psd1'
    Import-Module $manifest -Force
    $version = (Import-PowerShellDataFile $manifest).ModuleVersion

    $built = Get-ChildItem (Join-Path $root 'tests/standins/AWS.Tools.IoT/bin') -Recurse -Filter 'AWS.Tools.IoT.psd1' -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $built) { throw "The AWS.Tools.IoT stand-in is not built: run './build.sh build' (or dotnet build IoTJobs.PowerShell.sln)." }
    $standIn = $built.FullName
    $standInVersion = (Import-PowerShellDataFile $standIn).ModuleVersion
    $scriptStandIn = Join-Path $PSScriptRoot 'StandIn/AWS.Tools.IoT.psm1'
    # A loaded module with IoT-ish names that are none of IoTJobs': it must not cause a warning.
    $unrelated = Join-Path $TestDrive 'unrelated/AWS.Tools.Common/AWS.Tools.Common.psm1'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $unrelated)
    Set-Content -Path $unrelated -Value 'function Get-AWSRegion { "us-east-1" }; function Get-IOTJobList { }; function Stop-IOTJobExecutions { }'

    # Both modules laid out as installed ones (<folder>/<name>/<version>/), for autoloading, #Requires and installing.
    $installedOurs = Join-Path $TestDrive 'installed-iotjobs'
    $installedAws = Join-Path $TestDrive 'installed-aws'
    $env:OUT_DIR = $installedOurs
    try { $layout = & bash (Join-Path $root 'build.sh') layout 2>&1 } finally { Remove-Item Env:OUT_DIR }
    if ($LASTEXITCODE -ne 0) { throw "build.sh layout failed: $layout" }
    $awsFolder = Join-Path $installedAws "AWS.Tools.IoT/$standInVersion"
    $null = New-Item -ItemType Directory -Force -Path $awsFolder
    Copy-Item (Join-Path $built.DirectoryName 'AWS.Tools.IoT.dll'), $standIn -Destination $awsFolder

    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint

    # Shared by every child: which module ran each of the six names (bare, or qualified by a module).
    $prelude = @'
param([string] $Manifest, [string] $StandIn, [string] $ScriptStandIn, [string] $Unrelated, [string] $Endpoint, [string] $JobId)
$ErrorActionPreference = 'Stop'
$env:AWS_ENDPOINT_URL_IOT = $Endpoint   # whatever a case forgets to pass, nothing leaves the machine
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
function Mark([string] $Text) { [Console]::Out.WriteLine("#$Text") }
function Get-Runner($Output) {
    if ($null -eq $Output) { return 'nothing' }
    if ($Output.PSObject.Properties['Module'] -and $Output.Module -eq 'AWS.Tools.IoT') { return 'AWS.Tools.IoT' }
    if ($Output.PSObject.Properties['AnsweredBy']) { return 'AWS.Tools.IoT functions' }
    if ($Output.GetType().FullName -like 'IoTJobs.PowerShell.*') { return 'IoTJobs' }
    "unknown $($Output.GetType().FullName)"
}
# AWS.Tools' spelling; the Stop commands last (IoTJobs' Stop-IoTJob cancels the job).
$calls = [ordered]@{
    'Get-IOTJob'           = @{ JobId = $JobId }
    'Get-IOTJobExecution'  = @{ JobId = $JobId; ThingName = "$JobId-1" }
    'Get-IOTThing'         = @{ ThingName = "$JobId-1" }
    'Get-IOTThingGroup'    = @{ ThingGroupName = "$JobId-g" }
    'Stop-IOTJobExecution' = @{ JobId = $JobId; ThingName = "$JobId-2"; Confirm = $false }
    'Stop-IOTJob'          = @{ JobId = $JobId; Confirm = $false }
}
function Invoke-Names([string] $Module = '') {
    $ran = [ordered]@{}
    foreach ($name in $calls.Keys) {
        $command = if ($Module) { "$Module\$name" } else { $name }
        $parameters = $calls[$name]
        $ran[$name] = try { Get-Runner @(& $command @parameters)[0] } catch { "error $($_.FullyQualifiedErrorId)" }
    }
    $ran
}

'@

    function Invoke-Child {
        <#
        Runs $Script (after the prelude) in a fresh pwsh -NonInteractive -File with standard input at end of file; returns
        ExitCode, Result (its last output line, JSON), Host (everything it printed before) and Warnings (the text of each
        "WARNING:" block, up to the next "#mark" line or warning).
        #>
        param([Parameter(Mandatory)] [string] $Script, [string] $JobId = '', [hashtable] $Environment = @{}, [switch] $NoPrelude, [string[]] $Arguments,
            [int] $TimeoutSeconds = 90)
        $path = Join-Path $TestDrive ("child-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content -Path $path -Value ($(if ($NoPrelude) { '' } else { $prelude }) + $Script)
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        $passed = if ($PSBoundParameters.ContainsKey('Arguments')) { $Arguments } else {
            @('-Manifest', $manifest, '-StandIn', $standIn, '-ScriptStandIn', $scriptStandIn, '-Unrelated', $unrelated, '-Endpoint', $emu.Endpoint, '-JobId', $JobId)
        }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $path) + $passed) { $psi.ArgumentList.Add($a) }
        $psi.Environment['NO_COLOR'] = '1'
        $null = $psi.Environment.Remove('IOTJOBS_SUPPRESS_CLASH_WARNING')
        foreach ($k in $Environment.Keys) { if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = $Environment[$k] } }
        $psi.WorkingDirectory = $TestDrive
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $p.StandardInput.Close()
        $stdout = $p.StandardOutput.ReadToEndAsync(); $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); throw "The child pwsh did not finish within $TimeoutSeconds s ($path): $($stdout.Result)" }
        $p.WaitForExit()
        $lines = @($stdout.Result -split "`r?`n" | Where-Object { $_ -ne '' })
        $warnings = [System.Collections.Generic.List[string]]::new()
        $current = $null
        foreach ($line in $lines) {
            if ($line.StartsWith('WARNING: ')) { if ($null -ne $current) { $warnings.Add($current) }; $current = $line.Substring(9); continue }
            if ($null -eq $current) { continue }
            if ($line.StartsWith('#') -or $line.StartsWith('{')) { $warnings.Add($current); $current = $null; continue }
            $current += "`n" + $line
        }
        if ($null -ne $current) { $warnings.Add($current) }
        $result = if ($lines -and $lines[-1].StartsWith('{')) { $lines[-1] | ConvertFrom-Json -AsHashtable } else { $null }
        [pscustomobject]@{
            ExitCode = $p.ExitCode; Result = $result; Warnings = @($warnings); Host = ($lines -join "`n"); Err = $stderr.Result; Path = $path
        }
    }

    function New-Fleet([string] $JobId) {
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $JobId -ThingName "$JobId-1", "$JobId-2", "$JobId-3" -ThingTypeName 'coexist'
        $null = Invoke-EmulatorGroupSeed -Endpoint $emu.Endpoint -ThingName "$JobId-g1" -ThingGroupName "$JobId-g"
    }
    function Get-Status([string] $JobId, [string] $ThingName) { "$((Get-IoTJobExecution -JobId $JobId -ThingName $ThingName).Status)" }

    $shared = 'Get-IOTJob', 'Get-IOTJobExecution', 'Get-IOTThing', 'Get-IOTThingGroup', 'Stop-IOTJobExecution', 'Stop-IOTJob'
    function All([string] $Runner) { $h = [ordered]@{}; foreach ($n in $shared) { $h[$n] = $Runner }; $h }
    function Should-Ran($Actual, $Expected) { ($Actual | ConvertTo-Json -Compress) | Should -Be ($Expected | ConvertTo-Json -Compress) }

    # The whole warning, as the console shows it, when AWS.Tools.IoT's six commands were imported first.
    $expectedWarning = @'
IoTJobs shares command names with AWS.Tools.IoT (PowerShell command names ignore case).
These names now run IoTJobs (the module imported last wins a bare name); the other module's command is reached by its module-qualified name:
    Get-IoTJob              AWS.Tools.IoT\Get-IOTJob
    Get-IoTJobExecution     AWS.Tools.IoT\Get-IOTJobExecution
    Get-IoTThing            AWS.Tools.IoT\Get-IOTThing
    Get-IoTThingGroup       AWS.Tools.IoT\Get-IOTThingGroup
    Stop-IoTJob             AWS.Tools.IoT\Stop-IOTJob
    Stop-IoTJobExecution    AWS.Tools.IoT\Stop-IOTJobExecution
The same words mean different things: IoTJobs' -Force is the service's force and is confirmed (AWS.Tools.IoT's -Enforce), while AWS.Tools.IoT's -Force only skips its prompt; IoTJobs' Get-IoTJobExecution lists a job's executions, AWS.Tools.IoT's describes one (it needs -ThingName).
In scripts and runbooks, call both modules' commands by module-qualified name (IoTJobs\Stop-IoTJobExecution, AWS.Tools.IoT\Stop-IOTJobExecution).
To silence this warning: Import-Module IoTJobs -WarningAction SilentlyContinue, or $env:IOTJOBS_SUPPRESS_CLASH_WARNING = 'true' before the import (also for #Requires -Modules and autoloading). See Get-Help about_IoTJobs.
'@ -replace "`r`n", "`n"

    $namesScript = @'
Mark imported
$bare = Invoke-Names
$aws = Invoke-Names 'AWS.Tools.IoT'
$ours = Invoke-Names 'IoTJobs'
[pscustomobject]@{ Bare = $bare; Aws = $aws; Ours = $ours; Sources = @(Get-Command Stop-IoTJobExecution -All | ForEach-Object { "$($_.CommandType) $($_.Source)" }) } | ConvertTo-Json -Compress -Depth 4
'@
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Import order (each case a fresh pwsh)' {
    It 'AWS.Tools.IoT first, then IoTJobs: one warning naming all six, and every bare name runs IoTJobs' {
        New-Fleet 'order-aws-first'
        $r = Invoke-Child -JobId 'order-aws-first' -Script ("Import-Module `$StandIn`nImport-Module `$Manifest`n" + $namesScript)
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Warnings | Should -HaveCount 1
        $r.Warnings[0] | Should -BeExactly $expectedWarning
        Should-Ran $r.Result.Bare (All 'IoTJobs')
        Should-Ran $r.Result.Aws (All 'AWS.Tools.IoT')
        Should-Ran $r.Result.Ours (All 'IoTJobs')
        $r.Result.Sources | Should -Be @('Cmdlet IoTJobs', 'Cmdlet AWS.Tools.IoT')
        # IoTJobs' Stop-IoTJob canceled the job (the bare name did it first; the qualified call found it canceled).
        (Get-IoTJob -JobId 'order-aws-first').Status | Should -Be 'CANCELED'
        Get-Status 'order-aws-first' 'order-aws-first-2' | Should -Be 'CANCELED'
    }

    It 'IoTJobs first, then AWS.Tools.IoT: nothing is said, and every bare name runs AWS.Tools.IoT' {
        New-Fleet 'order-ours-first'
        $r = Invoke-Child -JobId 'order-ours-first' -Script ("Import-Module `$Manifest`nImport-Module `$StandIn`n" + $namesScript)
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Warnings | Should -HaveCount 0
        $r.Host | Should -Not -Match 'WARNING'
        Should-Ran $r.Result.Bare (All 'AWS.Tools.IoT')
        Should-Ran $r.Result.Aws (All 'AWS.Tools.IoT')
        Should-Ran $r.Result.Ours (All 'IoTJobs')
        $r.Result.Sources | Should -Be @('Cmdlet AWS.Tools.IoT', 'Cmdlet IoTJobs')
    }

    It 'an AWS.Tools habit that reaches IoTJobs cancels nothing unconfirmed: -Force asks (and fails here), -Enforce does not bind' {
        New-Fleet 'habit'
        $r = Invoke-Child -JobId 'habit' -Script @'
Import-Module $StandIn
Import-Module $Manifest -WarningAction SilentlyContinue
$forced = try { $null = Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-1" -Force; 'no error' } catch { $_.FullyQualifiedErrorId }
$enforced = try { $null = Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-1" -Enforce $true; 'no error' } catch { $_.FullyQualifiedErrorId }
# The same call by AWS.Tools' own name: -Enforce is the service's force, -Force skips its prompt.
$theirs = AWS.Tools.IoT\Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-1" -Enforce $true -Force
# IoTJobs' Get-IoTJobExecution without -ThingName lists the job's executions (AWS.Tools' would need -ThingName).
$listed = @(Get-IOTJobExecution -JobId $JobId | ForEach-Object ThingName | Sort-Object)
[pscustomobject]@{ Forced = $forced; Enforced = $enforced; Theirs = $theirs; Listed = $listed } | ConvertTo-Json -Compress -Depth 4
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Result.Forced | Should -Be 'ConfirmationRequired,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        $r.Result.Enforced | Should -Be 'NamedParameterNotFound,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        $r.Result.Theirs.Module | Should -Be 'AWS.Tools.IoT'
        $r.Result.Theirs.Arguments.Enforce | Should -BeTrue
        $r.Result.Theirs.Arguments.Force | Should -BeTrue
        $r.Result.Listed | Should -Be @('habit-1', 'habit-2', 'habit-3')
        Get-Status 'habit' 'habit-1' | Should -Be 'QUEUED'
    }
}

Describe 'The import warning: exactly when a bare name changes hands' {
    It 'is not written when <Case>' -ForEach @(
        @{ Case = 'IoTJobs is imported alone'; Imports = 'Import-Module $Manifest' }
        @{ Case = 'the loaded module exports none of IoTJobs'' names'; Imports = 'Import-Module $Unrelated; Import-Module $Manifest' }
    ) {
        $job = 'nowarn-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        New-Fleet $job
        $r = Invoke-Child -JobId $job -Script ($Imports + "`nMark imported`n[pscustomobject]@{ Bare = Invoke-Names; Modules = @(Get-Module | ForEach-Object Name) } | ConvertTo-Json -Compress -Depth 4")
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Host | Should -Not -Match 'WARNING'
        Should-Ran $r.Result.Bare (All 'IoTJobs')
        $r.Result.Modules | Should -Contain 'IoTJobs'
        if ($Case -like '*none*') { $r.Result.Modules | Should -Contain 'AWS.Tools.Common' }
    }

    It 'is silenced by <How>, and the import still takes the names' -ForEach @(
        @{ How = '-WarningAction SilentlyContinue'; Imports = 'Import-Module $Manifest -WarningAction SilentlyContinue' }
        @{ How = '-WarningAction Ignore'; Imports = 'Import-Module $Manifest -WarningAction Ignore' }
        @{ How = 'a splatted WarningAction'; Imports = '$p = @{ Name = $Manifest; WarningAction = ''SilentlyContinue'' }; Import-Module @p' }
        @{ How = '$WarningPreference in the script'; Imports = '$WarningPreference = ''SilentlyContinue''; Import-Module $Manifest' }
        @{ How = 'IOTJOBS_SUPPRESS_CLASH_WARNING=true'; Imports = 'Import-Module $Manifest'; ExtraEnv = @{ IOTJOBS_SUPPRESS_CLASH_WARNING = 'true' } }
        @{ How = 'redirecting the warning stream (3>$null)'; Imports = 'Import-Module $Manifest 3>$null' }
    ) {
        $job = 'silent-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        New-Fleet $job
        $r = Invoke-Child -JobId $job -Environment ($ExtraEnv ?? @{}) -Script ("Import-Module `$StandIn`n$Imports`nMark imported`n[pscustomobject]@{ Bare = Invoke-Names } | ConvertTo-Json -Compress -Depth 4")
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Host | Should -Not -Match 'WARNING'
        Should-Ran $r.Result.Bare (All 'IoTJobs')
    }

    It 'is written when -WarningAction Continue is typed on Import-Module, whatever $WarningPreference says' {
        New-Fleet 'typed-continue'
        $r = Invoke-Child -JobId 'typed-continue' -Script @'
Import-Module $StandIn
$WarningPreference = 'SilentlyContinue'
Import-Module $Manifest -WarningAction Continue
Mark imported
[pscustomobject]@{ Bare = Invoke-Names } | ConvertTo-Json -Compress -Depth 4
'@
        $r.Warnings | Should -HaveCount 1
        $r.Warnings[0] | Should -BeExactly $expectedWarning
        Should-Ran $r.Result.Bare (All 'IoTJobs')
    }

    It 'is not written with -Prefix (no name is shared): the prefixed names run IoTJobs, the bare ones AWS.Tools.IoT' {
        New-Fleet 'prefixed'
        $r = Invoke-Child -JobId 'prefixed' -Script @'
Import-Module $StandIn
Import-Module $Manifest -Prefix X
Mark imported
$prefixed = [ordered]@{}
foreach ($name in $calls.Keys) { $verb, $noun = $name -split '-', 2; $parameters = $calls[$name]; $prefixed[$name] = Get-Runner @(& "$verb-X$noun" @parameters)[0] }
[pscustomobject]@{ Bare = Invoke-Names; Prefixed = $prefixed } | ConvertTo-Json -Compress -Depth 4
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Host | Should -Not -Match 'WARNING'
        Should-Ran $r.Result.Bare (All 'AWS.Tools.IoT')
        Should-Ran $r.Result.Prefixed (All 'IoTJobs')
    }

    It 'says which names another module''s functions keep (a function outranks a cmdlet whatever the order)' {
        New-Fleet 'functions'
        $r = Invoke-Child -JobId 'functions' -Script @'
Import-Module $ScriptStandIn
Import-Module $Manifest
Mark imported
# The script stand-in's functions take -JobId, -ThingName and -Force only.
$bare = [ordered]@{
    'Stop-IOTJobExecution' = Get-Runner (Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-2")
    'Get-IOTJobExecution'  = Get-Runner (Get-IOTJobExecution -JobId $JobId -ThingName "$JobId-1")
    'Get-IOTJob'           = Get-Runner (Get-IOTJob -JobId $JobId)
}
[pscustomobject]@{ Bare = $bare; Ours = Invoke-Names 'IoTJobs' } | ConvertTo-Json -Compress -Depth 4
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Warnings | Should -HaveCount 1
        $lines = $r.Warnings[0] -split "`n"
        $lines[0] | Should -BeExactly 'IoTJobs shares command names with AWS.Tools.IoT (PowerShell command names ignore case).'
        $lines[1] | Should -BeExactly 'These names still run AWS.Tools.IoT''s functions or aliases, which outrank a cmdlet whatever the import order; IoTJobs'' is reached by its module-qualified name:'
        $lines[2] | Should -BeExactly '    Get-IoTJobExecution     IoTJobs\Get-IoTJobExecution'
        $lines[3] | Should -BeExactly '    Stop-IoTJobExecution    IoTJobs\Stop-IoTJobExecution'
        $lines[-1] | Should -Match '^To silence this warning: Import-Module IoTJobs -WarningAction SilentlyContinue'
        $r.Warnings[0] | Should -Not -Match 'now run IoTJobs'
        $r.Result.Bare.'Stop-IOTJobExecution' | Should -Be 'AWS.Tools.IoT functions'
        $r.Result.Bare.'Get-IOTJobExecution' | Should -Be 'AWS.Tools.IoT functions'
        $r.Result.Bare.'Get-IOTJob' | Should -Be 'IoTJobs'
        Should-Ran $r.Result.Ours (All 'IoTJobs')
    }
}

Describe 'Autoloading with both modules installed (neither imported)' {
    It 'the first folder on PSModulePath wins: <First> first' -ForEach @(
        @{ First = 'IoTJobs'; Other = 'AWS.Tools.IoT'; Warn = 0 }
        @{ First = 'AWS.Tools.IoT'; Other = 'IoTJobs'; Warn = 1 }
        @{ First = 'AWS.Tools.IoT'; Other = 'IoTJobs'; Warn = 0; ExtraEnv = @{ IOTJOBS_SUPPRESS_CLASH_WARNING = '1' } }
    ) {
        $job = 'autoload-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        New-Fleet $job
        $folders = if ($First -eq 'IoTJobs') { $installedOurs, $installedAws } else { $installedAws, $installedOurs }
        $home_ = Join-Path $TestDrive "home-$job"
        $null = New-Item -ItemType Directory -Path $home_
        $environment = @{ PSModulePath = ($folders -join [System.IO.Path]::PathSeparator); HOME = $home_ } + ($ExtraEnv ?? @{})
        # Then a command only the other module has (or its module-qualified name) loads it, and it takes the shared names.
        $r = Invoke-Child -JobId $job -Environment $environment -Script @'
$before = @(Get-Module | Where-Object Name -in 'IoTJobs', 'AWS.Tools.IoT' | ForEach-Object Name)
$first = Invoke-Names
$loaded = @(Get-Module | Where-Object Name -in 'IoTJobs', 'AWS.Tools.IoT' | ForEach-Object Name)
Mark first
if ($loaded -contains 'IoTJobs') { $null = Get-IOTJobExecutionsForJobList -JobId $JobId } else { $null = IoTJobs\Get-IoTJob -JobId $JobId }
Mark other
$after = Invoke-Names
# Importing the first module again (without -Force) does nothing: the names stay with the one loaded last.
Import-Module $loaded[0]
$again = Get-Runner (Get-IOTJob -JobId $JobId)
[pscustomobject]@{
    Before = $before; First = $first; Loaded = $loaded; After = $after; Again = $again
    Bases = @(Get-Module IoTJobs, AWS.Tools.IoT | ForEach-Object ModuleBase)
} | ConvertTo-Json -Compress -Depth 4
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Result.Before | Should -BeNullOrEmpty
        Should-Ran $r.Result.First (All $First)
        $r.Result.Loaded | Should -Be @($First)
        Should-Ran $r.Result.After (All $Other)
        $r.Result.Again | Should -Be $Other
        @($r.Result.Bases | Where-Object { -not $_.StartsWith($TestDrive) }) | Should -BeNullOrEmpty
        $r.Warnings | Should -HaveCount $Warn
        if ($Warn) {
            $r.Warnings[0] | Should -BeExactly $expectedWarning
            # Written when the module-qualified call loaded IoTJobs, after the first round.
            $r.Host.IndexOf('WARNING:') | Should -BeGreaterThan $r.Host.IndexOf('#first')
        }
        else { $r.Host | Should -Not -Match 'WARNING' }
    }
}

Describe 'A runbook: pwsh -NonInteractive -File, standard input redirected, both modules installed' {
    It 'runs to the end without a prompt or a hang, writes the warning once, and cancels through IoTJobs\ names' {
        New-Fleet 'runbook'
        $runbook = @'
#Requires -Modules AWS.Tools.IoT, IoTJobs
param([string] $Endpoint, [string] $JobId)
$ErrorActionPreference = 'Stop'
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
$env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'; $env:AWS_REGION = 'us-east-1'
$theirs = AWS.Tools.IoT\Get-IOTJob -JobId $JobId
$canceled = @(IoTJobs\Get-IoTJobExecution -JobId $JobId -Status QUEUED | IoTJobs\Stop-IoTJobExecution -Confirm:$false)
[pscustomobject]@{ Theirs = $theirs.Module; Canceled = @($canceled.ThingName | Sort-Object) } | ConvertTo-Json -Compress
'@
        $home_ = Join-Path $TestDrive 'home-runbook'
        $null = New-Item -ItemType Directory -Path $home_
        # No hang: Invoke-Child fails the test if the runbook has not ended within 60 s.
        $r = Invoke-Child -NoPrelude -TimeoutSeconds 60 -Script $runbook -Arguments @('-Endpoint', $emu.Endpoint, '-JobId', 'runbook') -Environment @{
            PSModulePath = ($installedAws, $installedOurs) -join [System.IO.Path]::PathSeparator; HOME = $home_
        }
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        $r.Warnings | Should -HaveCount 1
        $r.Warnings[0] | Should -BeExactly $expectedWarning
        $r.Host | Should -Not -Match '\[Y\] Yes|Are you sure you want to perform this action'
        $r.Err | Should -BeNullOrEmpty
        $r.Result.Theirs | Should -Be 'AWS.Tools.IoT'
        $r.Result.Canceled | Should -Be @('runbook-1', 'runbook-2', 'runbook-3')
        foreach ($t in 'runbook-1', 'runbook-2', 'runbook-3') { Get-Status 'runbook' $t | Should -Be 'CANCELED' }
    }
}

Describe 'Installing IoTJobs where AWS.Tools.IoT is installed' {
    BeforeAll {
        $feed = Join-Path $TestDrive 'feed'
        $null = New-Item -ItemType Directory -Path $feed
        Compress-PSResource -Path (Join-Path $installedOurs "IoTJobs/$version") -DestinationPath $feed
        function New-CleanHome([string] $Name) {
            # A HOME whose CurrentUser scope already holds AWS.Tools.IoT.
            $h = Join-Path $TestDrive $Name
            Copy-Item -Recurse (Join-Path $installedAws 'AWS.Tools.IoT') -Destination (New-Item -ItemType Directory -Force -Path (Join-Path $h '.local/share/powershell/Modules')).FullName
            $h
        }
        $installScript = @'
param([string] $Feed, [string] $How)
$ErrorActionPreference = 'Stop'
$outcome = try {
    switch ($How) {
        'Install-PSResource' { Register-PSResourceRepository -Name feed -Uri $Feed -Trusted; Install-PSResource -Name IoTJobs -Repository feed -Scope CurrentUser }
        'Install-Module' { Register-PSRepository -Name feed -SourceLocation $Feed -InstallationPolicy Trusted; Install-Module -Name IoTJobs -Repository feed -Scope CurrentUser }
        'Install-Module -AllowClobber' { Register-PSRepository -Name feed -SourceLocation $Feed -InstallationPolicy Trusted; Install-Module -Name IoTJobs -Repository feed -Scope CurrentUser -AllowClobber }
    }
    'installed'
} catch { $_.FullyQualifiedErrorId }
[pscustomobject]@{ Outcome = $outcome; Installed = @(Get-Module -ListAvailable IoTJobs, AWS.Tools.IoT | ForEach-Object Name | Sort-Object) } | ConvertTo-Json -Compress
'@
    }

    It '<How>: <Expected>' -ForEach @(
        @{ How = 'Install-PSResource'; Expected = 'installs, no switch needed' }
        @{ How = 'Install-Module -AllowClobber'; Expected = 'installs' }
        # PowerShellGet 2.2.5 checks for clashing commands on Windows only (Validate-ModuleCommandAlreadyAvailable).
        @{ How = 'Install-Module'; Expected = $(if ($IsWindows) { 'refuses without -AllowClobber' } else { 'installs (no clash check off Windows)' }) }
    ) {
        $h = New-CleanHome ('install-' + ($How -replace '\W', ''))
        $r = Invoke-Child -NoPrelude -Script $installScript -Arguments @($feed, $How) -Environment @{
            HOME = $h; PSModulePath = $null; XDG_CONFIG_HOME = $null; XDG_DATA_HOME = $null; XDG_CACHE_HOME = $null
        }
        $r.ExitCode | Should -Be 0 -Because "$($r.Host) $($r.Err)"
        if ($Expected -like 'refuses*') {
            $r.Result.Outcome | Should -BeLike 'CommandAlreadyAvailable,*'
            $r.Result.Installed | Should -Be @('AWS.Tools.IoT')
        }
        else {
            $r.Result.Outcome | Should -Be 'installed'
            $r.Result.Installed | Should -Be @('AWS.Tools.IoT', 'IoTJobs')
        }
    }
}
