# Packaging: `./build.sh layout` (the layout half of `./build.sh package`) lays out IoTJobs/<version>/ from the current
# build; Test-ModuleManifest accepts it, and a fresh pwsh imports it by name from a PSModulePath entry and cancels a job
# on the emulator with it.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $source = Import-PowerShellDataFile (Join-Path $root 'IoTJobs.psd1')
    $version = $source.ModuleVersion
    $modules = Join-Path $TestDrive 'modules'

    # Lays the package out under $modules (OUT_DIR), the way a release would before copying it to a PSModulePath folder.
    $psi = [System.Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in @((Join-Path $root 'build.sh'), 'layout')) { $psi.ArgumentList.Add($a) }
    $psi.Environment['OUT_DIR'] = $modules
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    $layoutOut = $p.StandardOutput.ReadToEndAsync()
    $layoutErr = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'build.sh layout did not finish within 120 s.' }
    $layoutExit = $p.ExitCode
    $folder = Join-Path $modules "IoTJobs/$version"
    $manifestPath = Join-Path $folder 'IoTJobs.psd1'

    $emu = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'build.sh package: the versioned module folder' {
    It 'lays out IoTJobs/<version>/ and says so' {
        $layoutExit | Should -Be 0 -Because "$($layoutOut.Result) $($layoutErr.Result)"
        $layoutOut.Result | Should -Match "IoTJobs $([regex]::Escape($version)) laid out in"
        Test-Path $manifestPath | Should -BeTrue
        Test-Path (Join-Path $folder 'bin/IoTJobs.PowerShell.dll') | Should -BeTrue
        Test-Path (Join-Path $folder 'IoTJobs.format.ps1xml') | Should -BeTrue
        # The nested module that writes the name-clash warning at import, listed by the manifest and beside it.
        Test-Path (Join-Path $folder 'IoTJobs.NameClash.psm1') | Should -BeTrue
        (Import-PowerShellDataFile $manifestPath).NestedModules | Should -Be @('IoTJobs.NameClash.psm1')
        # Nothing of the test stand-ins is shipped.
        @(Get-ChildItem -Recurse -File $folder | Where-Object Name -like 'AWS.Tools.IoT*') | Should -BeNullOrEmpty
        (Get-Content -Raw (Join-Path $folder 'LICENSE')) | Should -Match 'Apache License\s+Version 2\.0'
    }

    It 'copies module/bin recursively (dependency subfolders included) and the generated help' {
        $binFiles = @(Get-ChildItem -Recurse -File (Join-Path $root 'module/bin') | ForEach-Object { $_.FullName.Substring((Join-Path $root 'module/bin').Length) })
        $packaged = @(Get-ChildItem -Recurse -File (Join-Path $folder 'bin') | ForEach-Object { $_.FullName.Substring((Join-Path $folder 'bin').Length) })
        $packaged | Sort-Object | Should -Be ($binFiles | Sort-Object)
        if (Test-Path (Join-Path $root 'module/en-US')) {
            @(Get-ChildItem (Join-Path $folder 'en-US')).Count | Should -Be @(Get-ChildItem (Join-Path $root 'module/en-US')).Count
        }
    }

    It 'ships AWSSDK.SecurityToken, AWSSDK.SSO and AWSSDK.SSOOIDC beside AWSSDK.Core in bin/deps, none beside the cmdlet assembly' {
        # AWSSDK.Core loads them by reflection for role, web identity and SSO profiles, from its own (private) load context.
        foreach ($dll in 'AWSSDK.Core', 'AWSSDK.SecurityToken', 'AWSSDK.SSO', 'AWSSDK.SSOOIDC') {
            Test-Path (Join-Path $folder "bin/deps/$dll.dll") | Should -BeTrue -Because "$dll.dll belongs in bin/deps"
            Test-Path (Join-Path $folder "bin/$dll.dll") | Should -BeFalse -Because "$dll.dll beside the cmdlet assembly would load into the shared context"
        }
    }

    It 'has a manifest Test-ModuleManifest accepts, with editions, version and Gallery metadata' {
        $m = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $m.Version | Should -Be ([version]$version)
        $m.CompatiblePSEditions | Should -Be @('Core')
        $m.PowerShellVersion | Should -Not -BeNullOrEmpty
        $m.RootModule | Should -Be 'bin/IoTJobs.PowerShell.dll'
        $m.ExportedCmdlets.Keys | Sort-Object | Should -Be (@($source.CmdletsToExport) | Sort-Object)
        $m.ExportedCmdlets.Keys | Should -Contain 'Stop-IoTJob'
        $psData = $m.PrivateData.PSData
        $psData.Tags | Should -Contain 'IoT'
        $psData.ProjectUri | Should -Match '^https://'
        $psData.LicenseUri | Should -Match '^https://'
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
        # Nothing in the packaged manifest points back into the repository's module/ folder.
        (Get-Content -Raw $manifestPath) | Should -Not -Match "'module/"
    }

    It 'imports by name from a PSModulePath entry in a fresh pwsh, and works' {
        $job = 'pkg-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $job -ThingName "$job-dev" -ThingTypeName 'package-test'
        $script = Join-Path $TestDrive 'import.ps1'
        Set-Content -Path $script -Value @'
param($Modules, $Endpoint, $JobId)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = $Modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
$available = @(Get-Module -ListAvailable IoTJobs | Where-Object { $_.ModuleBase.StartsWith($Modules) })
Import-Module IoTJobs
$m = Get-Module IoTJobs
$job = Stop-IoTJob -JobId $JobId -EndpointUrl $Endpoint -AccessKey test -SecretKey test -Region us-east-1 -Confirm:$false
[pscustomobject]@{
    Listed = $available.Count; Version = "$($m.Version)"; ModuleBase = $m.ModuleBase
    Commands = @(Get-Command -Module IoTJobs | ForEach-Object Name | Sort-Object)
    Status = "$($job.Status)"
} | ConvertTo-Json -Compress
'@
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $script, $modules, $emu.Endpoint, $job)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $psi.WorkingDirectory = $TestDrive  # away from the repository's own IoTJobs.psd1
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit(90000) | Should -BeTrue
        $p.ExitCode | Should -Be 0 -Because $stderr.Result
        $r = @($stdout.Result -split "`r?`n" | Where-Object { $_ })[-1] | ConvertFrom-Json
        $r.Listed | Should -Be 1
        $r.Version | Should -Be $version
        $r.ModuleBase | Should -Be $folder
        $r.Commands | Should -Be (@($source.CmdletsToExport) | Sort-Object)
        $r.Status | Should -Be 'CANCELED'
    }
}
