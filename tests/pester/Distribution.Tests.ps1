# The distribution path, as someone who never cloned the repository gets it: the module published with
# Publish-PSResource to a local repository folder and installed with Install-PSResource into a clean scope (a temporary
# HOME), the emulator installed as a .NET tool from a local folder feed (dotnet tool install --tool-path), then the
# README's rehearsal in a fresh pwsh that loads the module BY NAME (#Requires), cancelling against that emulator. The server's state
# is checked through the emulator's admin endpoint. Packages come from `./build.sh pack` (the packaging half of
# `./build.sh package`, from the current build).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'IoTJobs.psd1')).ModuleVersion
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    # A tool's command is an apphost: it finds the runtime through DOTNET_ROOT when dotnet is not in the default place.
    $dotnetRoot = if ($env:DOTNET_ROOT) { $env:DOTNET_ROOT } else { Split-Path -Parent (([System.IO.File]::ResolveLinkTarget($dotnet, $true))?.FullName ?? $dotnet) }

    $layout = Join-Path $TestDrive 'layout'     # OUT_DIR: IoTJobs/<version>/
    $feed = Join-Path $TestDrive 'feed'         # PACKAGE_DIR: the two .nupkg files, a NuGet folder feed
    $repo = Join-Path $TestDrive 'repository'   # the PSResource repository Publish-PSResource writes to
    $home_ = Join-Path $TestDrive 'home'        # the clean scope: HOME of every pwsh below
    $tools = Join-Path $TestDrive 'tools'       # dotnet tool install --tool-path
    foreach ($d in $repo, $home_) { $null = New-Item -ItemType Directory -Force -Path $d }

    function Invoke-Tool {
        <# Runs a program in $TestDrive with extra environment; returns ExitCode, Out and Err (and the command line). #>
        param([string] $File, [string[]] $Arguments, [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 300)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($File)
        foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
        foreach ($k in $Environment.Keys) {
            if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = $Environment[$k] }
        }
        $psi.WorkingDirectory = $TestDrive
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); throw "$File $($Arguments -join ' ') did not finish within $TimeoutSeconds s." }
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Out = $out.Result; Err = $err.Result; Command = "$File $($Arguments -join ' ')" }
    }

    function Invoke-CleanPwsh([string] $Script, [string[]] $Arguments = @()) {
        # A fresh pwsh whose HOME (module scopes, PSResourceGet's repository list) is the clean one.
        $file = Join-Path $TestDrive ("script-" + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.ps1')
        Set-Content -Path $file -Value $Script
        Invoke-Tool $dotnet (@($pwshDll, '-NoProfile', '-NonInteractive', '-File', $file) + $Arguments) @{
            HOME = $home_; XDG_CONFIG_HOME = $null; XDG_DATA_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null
        }
    }

    $pack = Invoke-Tool 'bash' @((Join-Path $root 'build.sh'), 'pack') @{ OUT_DIR = $layout; PACKAGE_DIR = $feed }
}

AfterAll {
    if ($script:toolEmulator -and -not $script:toolEmulator.HasExited) { $script:toolEmulator.Kill($true); $null = $script:toolEmulator.WaitForExit(10000) }
}

Describe 'From packages alone: Publish-PSResource, Install-PSResource, dotnet tool install, a rehearsal' {
    It 'build.sh pack writes IoTJobs.<version>.nupkg and IoTJobs.Emulator.<version>.nupkg' {
        $pack.ExitCode | Should -Be 0 -Because "$($pack.Out) $($pack.Err)"
        Test-Path (Join-Path $feed "IoTJobs.$version.nupkg") | Should -BeTrue
        Test-Path (Join-Path $feed "IoTJobs.Emulator.$version.nupkg") | Should -BeTrue
    }

    It 'publishes the module with Publish-PSResource to a local repository folder and installs it into the clean scope' {
        $r = Invoke-CleanPwsh -Arguments @($repo, (Join-Path $layout "IoTJobs/$version")) -Script @'
param($Repository, $ModuleFolder)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name rehearsal -Uri $Repository -Trusted
Publish-PSResource -Path $ModuleFolder -Repository rehearsal
Install-PSResource -Name IoTJobs -Repository rehearsal -Scope CurrentUser
$installed = @(Get-InstalledPSResource -Name IoTJobs -Scope CurrentUser)
[pscustomobject]@{
    Published = @(Get-ChildItem $Repository -Filter *.nupkg | ForEach-Object Name)
    Installed = @($installed | ForEach-Object { "$($_.Name) $($_.Version) $($_.InstalledLocation)" })
} | ConvertTo-Json -Compress
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Out) $($r.Err)"
        $result = @($r.Out -split "`r?`n" | Where-Object { $_ })[-1] | ConvertFrom-Json
        $result.Published | Should -Be @("IoTJobs.$version.nupkg")
        $result.Installed | Should -Be @("IoTJobs $version $(Join-Path $home_ '.local/share/powershell/Modules')")
        # The package build.sh writes holds the same files as the one Publish-PSResource made.
        $entries = { param($path) $z = [System.IO.Compression.ZipFile]::OpenRead($path); try { @($z.Entries.FullName | Where-Object { $_ -notmatch '\.psmdcp$|^_rels/|^\[Content_Types\]' } | Sort-Object) } finally { $z.Dispose() } }
        (& $entries (Join-Path $repo "IoTJobs.$version.nupkg")) | Should -Be (& $entries (Join-Path $feed "IoTJobs.$version.nupkg"))
    }

    It 'installs the emulator with dotnet tool install --tool-path from the folder feed, as the command iotjobs-emulator' {
        # A fresh package cache: never an IoTJobs.Emulator of the same version cached by an earlier build.
        $r = Invoke-Tool $dotnet @('tool', 'install', 'IoTJobs.Emulator', '--version', $version, '--tool-path', $tools, '--add-source', $feed, '--ignore-failed-sources') @{
            NUGET_PACKAGES = (Join-Path $TestDrive 'nuget-packages')
        }
        $r.ExitCode | Should -Be 0 -Because "$($r.Out) $($r.Err)"
        $r.Out | Should -Match 'iotjobs-emulator'
        Set-Content -Path (Join-Path $root 'out/test-results/distribution-tool-install.txt') -Value "$($r.Command)`n$($r.Out)$($r.Err)" -ErrorAction SilentlyContinue
        $help = Invoke-Tool (Join-Path $tools 'iotjobs-emulator') @('--help') @{ DOTNET_ROOT = $dotnetRoot }
        $help.ExitCode | Should -Be 0 -Because $help.Err
        $help.Out | Should -Match 'iotjobs-emulator seed --endpoint'
    }

    It 'rehearses the README runbook: the installed emulator, the module loaded by name (#Requires) in a fresh pwsh, the server''s state afterwards' {
        # The emulator, started from the tool's command as the README says.
        # Start-TestEmulator fails unless the tool prints "Listening on http://127.0.0.1:<port>" first, within 30 s.
        $started = Start-TestEmulator -FilePath (Join-Path $tools 'iotjobs-emulator') -ExtraArgs '--port', '0', '--quiet' -Environment @{ DOTNET_ROOT = $dotnetRoot }
        $script:toolEmulator = $started.Process
        $endpoint = $started.Endpoint

        $seed = Invoke-Tool (Join-Path $tools 'iotjobs-emulator') @('seed', '--endpoint', $endpoint, '--job', 'fw-2026-11', '--thing-prefix', 'sensor-', '--count', '6', '--in-progress', '2') @{ DOTNET_ROOT = $dotnetRoot }
        $seed.ExitCode | Should -Be 0 -Because $seed.Err
        $before = Invoke-RestMethod "$endpoint/_emulator/executions?jobId=fw-2026-11"
        $queued = @($before.executions | Where-Object status -eq 'QUEUED' | ForEach-Object thingName)
        $inProgress = @($before.executions | Where-Object status -eq 'IN_PROGRESS' | ForEach-Object thingName)
        $queued | Should -HaveCount 4

        # The README's rehearsal lines, word for word, then the runbook step.
        $r = Invoke-CleanPwsh -Arguments @($endpoint) -Script @'
#Requires -Modules IoTJobs
param($Endpoint)
$ErrorActionPreference = 'Stop'
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
$env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'; $env:AWS_REGION = 'us-east-1'
$canceled = @(IoTJobs\Get-IoTJobExecution -JobId fw-2026-11 -Status QUEUED | IoTJobs\Stop-IoTJobExecution)
$m = Get-Module IoTJobs
[pscustomobject]@{
    ModuleBase = $m.ModuleBase; Version = "$($m.Version)"; Listed = @(Get-Module -ListAvailable IoTJobs).Count
    Canceled = @($canceled | ForEach-Object ThingName); Statuses = @($canceled | ForEach-Object { "$($_.Status)" } | Sort-Object -Unique)
} | ConvertTo-Json -Compress
'@
        $r.ExitCode | Should -Be 0 -Because "$($r.Out) $($r.Err)"
        $result = @($r.Out -split "`r?`n" | Where-Object { $_ })[-1] | ConvertFrom-Json
        $result.ModuleBase | Should -Be (Join-Path $home_ ".local/share/powershell/Modules/IoTJobs/$version")
        $result.Version | Should -Be $version
        $result.Listed | Should -Be 1
        @($result.Statuses) | Should -Be @('CANCELED')
        @($result.Canceled | Sort-Object) | Should -Be @($queued | Sort-Object)

        $after = Invoke-RestMethod "$endpoint/_emulator/executions?jobId=fw-2026-11"
        foreach ($e in $after.executions) {
            $expected = if ($e.thingName -in $queued) { 'CANCELED' } else { 'IN_PROGRESS' }
            $e.status | Should -Be $expected -Because "$($e.thingName) was $(if ($e.thingName -in $inProgress) { 'IN_PROGRESS' } else { 'QUEUED' })"
        }
        $after.statusCounts.CANCELED | Should -Be 4
    }
}
