# Living beside AWS.Tools: IoTJobs works whichever AWSSDK.Core another module loaded first (before or after it), takes
# credentials objects made by another AWSSDK.Core, and stays reachable when another module exports the same command names.
# Every case runs in a fresh pwsh: an assembly cannot be unloaded, and this process must never see the old AWSSDK.Core.

BeforeDiscovery {
    # AWSSDK.Core 4.0.3.3: assembly version 4.0.0.0 like ours, but without Amazon.Runtime.Signing. build.sh restores it.
    $script:OldCore = Join-Path $PSScriptRoot '../../out/tools/awssdk.core/4.0.3.3/lib/netstandard2.0/AWSSDK.Core.dll'
    $script:HasOldCore = Test-Path $script:OldCore
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifest = Join-Path $root 'IoTJobs.psd1'
    Import-Module $manifest -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $oldCorePath = Join-Path $root 'out/tools/awssdk.core/4.0.3.3/lib/netstandard2.0/AWSSDK.Core.dll'
    $standIn = Join-Path $PSScriptRoot 'StandIn/AWS.Tools.IoT.psm1'

    # Shared by every child: where each assembly of interest was loaded, and by which load context.
    $prelude = @'
param([string] $Manifest, [string] $Endpoint, [string] $OldCore, [string] $JobId, [string] $StandIn)
$ErrorActionPreference = 'Stop'
# A safety net: whatever a case forgets to pass, no request leaves the machine.
$env:AWS_ENDPOINT_URL_IOT = $Endpoint
function Get-Loads {
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
        $name = $a.GetName().Name
        if ($name -notin 'AWSSDK.Core', 'IoTJobs.Client', 'IoTJobs.PowerShell') { continue }
        $alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a)
        $context = if ($alc -eq [System.Runtime.Loader.AssemblyLoadContext]::Default) { 'Default' } else { $alc.GetType().Name }
        $version = $a.GetCustomAttributes([System.Reflection.AssemblyFileVersionAttribute], $false) | ForEach-Object Version
        "$name $version @ $context"
    }
}
function Set-Defaults {
    $global:PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
    $global:PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
    $global:PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
    $global:PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
}

'@

    # Runs $Script (after the prelude) in a fresh pwsh; returns the object it printed as JSON on its last line.
    function Invoke-FreshPwsh {
        param([Parameter(Mandatory)] [string] $Script, [string] $JobId = '')
        $path = Join-Path $TestDrive ("child-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content -Path $path -Value ($prelude + $Script)
        # The same PowerShell as this one; run as a dotnet tool it is pwsh.dll under the dotnet host.
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $path, '-Manifest', $manifest, '-Endpoint', $emu.Endpoint,
                '-OldCore', $oldCorePath, '-JobId', $JobId, '-StandIn', $standIn)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(90000)) { $p.Kill($true); throw 'The child pwsh did not finish within 90 s.' }
        $lines = @($stdout.Result -split "`r?`n" | Where-Object { $_ })
        if ($p.ExitCode -ne 0 -or -not $lines) { throw "The child pwsh failed (exit $($p.ExitCode)): $($stdout.Result) $($stderr.Result)" }
        $lines[-1] | ConvertFrom-Json
    }

    function New-Fleet([string] $JobId, [string[]] $Things) {
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $JobId -ThingName $Things
    }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Module layout: the cmdlet assembly is kept apart from AWSSDK.Core' {
    It 'ships the dependencies in module/bin/deps, not beside the cmdlet assembly' {
        Test-Path (Join-Path $root 'module/bin/IoTJobs.PowerShell.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'module/bin/deps/IoTJobs.Client.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'module/bin/deps/AWSSDK.Core.dll') | Should -BeTrue
        @(Get-ChildItem (Join-Path $root 'module/bin') -Filter *.dll -File).Name | Should -Be @('IoTJobs.PowerShell.dll')
    }

    It 'does not reference AWSSDK.Core from the cmdlet assembly, so the default load context never needs it' {
        $assembly = (Get-Command Stop-IoTJobExecution).ImplementingType.Assembly
        $assembly.GetName().Name | Should -Be 'IoTJobs.PowerShell'
        @($assembly.GetReferencedAssemblies().Name) | Should -Contain 'IoTJobs.Client'
        @($assembly.GetReferencedAssemblies().Name) | Should -Not -Contain 'AWSSDK.Core'
    }

    It 'types -Credential as object on every cmdlet (an AWSSDK.Core type would be one load context''s only)' {
        foreach ($name in (Get-Module IoTJobs).ExportedCmdlets.Keys) {
            $parameter = (Get-Command $name).Parameters['Credential']
            if ($parameter) { $parameter.ParameterType | Should -Be ([object]) -Because "$name -Credential" }
        }
    }
}

Describe '-Credential objects a script builds (this session)' {
    It 'signs with the keys of a <Shape> holding AccessKey and SecretKey' -ForEach @(
        @{ Shape = 'hashtable'; Make = { param($secret) @{ AccessKey = 'test'; SecretKey = $secret } } }
        @{ Shape = 'PSCustomObject'; Make = { param($secret) [pscustomobject]@{ AccessKey = 'test'; SecretKey = $secret } } }
    ) {
        $job = "shape-$Shape"
        New-Fleet -JobId $job -Things "$job-1", "$job-2"
        # The session's defaults also pass -AccessKey/-SecretKey test/test: the object must win over them.
        (Stop-IoTJobExecution -JobId $job -ThingName "$job-1" -Credential (& $Make 'test') -Confirm:$false).Status | Should -Be 'CANCELED'
        { Stop-IoTJobExecution -JobId $job -ThingName "$job-2" -Credential (& $Make 'not-the-secret') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccessDenied,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        (Get-IoTJobExecution -JobId $job -ThingName "$job-2").Status | Should -Be 'QUEUED'
    }

    It 'refuses an object that is not credentials, naming its type and what is accepted' {
        $err = { Get-IoTJob -JobId 'any' -Credential (Get-Date) } | Should -Throw -ErrorId 'InvalidClientConfiguration,IoTJobs.PowerShell.Cmdlets.GetIoTJobCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'System.DateTime'*GetCredentials()*AccessKey and SecretKey*"
    }
}

Describe 'IoTJobs beside another AWSSDK.Core (each case in a fresh pwsh)' -Skip:(-not $HasOldCore) {
    It 'cancels when AWSSDK.Core 4.0.3.3 was loaded and used first' {
        New-Fleet -JobId 'iso-first' -Things 'iso-first-1'
        $before = (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.CancelJobExecution
        $r = Invoke-FreshPwsh -JobId 'iso-first' -Script @'
Add-Type -Path $OldCore
$probe = [Amazon.Runtime.BasicAWSCredentials]::new('probe', 'probe').GetCredentials().AccessKey
# What a module needing the signing API would have seen in this session: the old AWSSDK.Core, without it.
$hasSigning = [bool]('Amazon.Runtime.Signing.AWSSigV4Signer' -as [type])
Import-Module $Manifest
Set-Defaults
$out = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-1" -Confirm:$false
[pscustomobject]@{ Probe = $probe; HasSigning = $hasSigning; Status = "$($out.Status)"; Loads = @(Get-Loads) } | ConvertTo-Json -Compress
'@
        $r.Probe | Should -Be 'probe'
        $r.HasSigning | Should -BeFalse
        $r.Status | Should -Be 'CANCELED'
        $r.Loads | Should -Contain 'AWSSDK.Core 4.0.3.3 @ Default'
        $r.Loads | Should -Contain 'AWSSDK.Core 4.1.0.0 @ DependencyLoadContext'
        @($r.Loads -like 'IoTJobs.Client * @ DependencyLoadContext').Count | Should -Be 1
        @($r.Loads -like 'IoTJobs.Client * @ Default') | Should -BeNullOrEmpty
        @($r.Loads -like 'AWSSDK.Core * @ Default') | Should -Be @('AWSSDK.Core 4.0.3.3 @ Default')
        @($r.Loads -like 'IoTJobs.PowerShell * @ Default').Count | Should -Be 1
        (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.CancelJobExecution | Should -Be ($before + 1)
        (Get-IoTJobExecution -JobId 'iso-first' -ThingName 'iso-first-1').Status | Should -Be 'CANCELED'
    }

    It 'cancels, then lets AWSSDK.Core 4.0.3.3 load and work, then cancels again (the reverse order)' {
        New-Fleet -JobId 'iso-after' -Things 'iso-after-1', 'iso-after-2'
        $r = Invoke-FreshPwsh -JobId 'iso-after' -Script @'
# A removal before any command ran must not take the resolve hook away from the next import.
Import-Module $Manifest
Remove-Module IoTJobs
Import-Module $Manifest
Set-Defaults
$first = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-1" -Confirm:$false
$loadsBefore = @(Get-Loads)
Add-Type -Path $OldCore
$probe = [Amazon.Runtime.BasicAWSCredentials]::new('probe', 'probe').GetCredentials().AccessKey
$second = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-2" -Confirm:$false
[pscustomobject]@{ First = "$($first.Status)"; LoadsBefore = $loadsBefore; Probe = $probe; Second = "$($second.Status)"; Loads = @(Get-Loads) } | ConvertTo-Json -Compress
'@
        $r.First | Should -Be 'CANCELED'
        # After an import and a command, the default context holds no AWSSDK.Core on our account; the private one holds 4.1.0.
        @($r.LoadsBefore -like 'AWSSDK.Core * @ Default') | Should -BeNullOrEmpty
        $r.LoadsBefore | Should -Contain 'AWSSDK.Core 4.1.0.0 @ DependencyLoadContext'
        $r.Probe | Should -Be 'probe'
        $r.Second | Should -Be 'CANCELED'
        @($r.Loads -like 'AWSSDK.Core * @ Default') | Should -Be @('AWSSDK.Core 4.0.3.3 @ Default')
        foreach ($t in 'iso-after-1', 'iso-after-2') {
            (Get-IoTJobExecution -JobId 'iso-after' -ThingName $t).Status | Should -Be 'CANCELED'
        }
    }

    It 'signs with a -Credential object made by AWSSDK.Core 4.0.3.3, and with its keys only' {
        New-Fleet -JobId 'iso-cred' -Things 'iso-cred-1', 'iso-cred-2'
        $r = Invoke-FreshPwsh -JobId 'iso-cred' -Script @'
# Credentials can come only from the object: no key parameters, no key environment variables.
Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
Add-Type -Path $OldCore
Import-Module $Manifest
$common = @{ EndpointUrl = $Endpoint; Region = 'us-east-1'; Confirm = $false }
$good = [Amazon.Runtime.BasicAWSCredentials]::new('test', 'test')
$records = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-1" -Credential $good @common -Verbose 4>&1
$out = $records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
$source = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Credentials:*' })[0].Message
$bad = [Amazon.Runtime.BasicAWSCredentials]::new('test', 'not-the-secret')
$badError = $null
try { $null = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-2" -Credential $bad @common } catch { $badError = $_.FullyQualifiedErrorId }
[pscustomobject]@{ Type = $good.GetType().Assembly.GetName().Version.ToString(); Status = "$($out.Status)"; Source = $source; BadError = $badError } | ConvertTo-Json -Compress
'@
        $r.Type | Should -Be '4.0.0.0'
        $r.Status | Should -Be 'CANCELED'
        $r.Source | Should -BeLike '*BasicAWSCredentials from AWSSDK.Core 4.0.3.3*'
        $r.BadError | Should -Be 'AccessDenied,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        (Get-IoTJobExecution -JobId 'iso-cred' -ThingName 'iso-cred-1').Status | Should -Be 'CANCELED'
        (Get-IoTJobExecution -JobId 'iso-cred' -ThingName 'iso-cred-2').Status | Should -Be 'QUEUED'
    }

    It 'asks refreshing credentials from AWSSDK.Core 4.0.3.3 for keys on every request' {
        New-Fleet -JobId 'iso-refresh' -Things 'iso-refresh-1', 'iso-refresh-2'
        $r = Invoke-FreshPwsh -JobId 'iso-refresh' -Script @'
Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
Add-Type -Path $OldCore
# A provider of the old AWSSDK.Core whose keys change, like an assumed role's (defined after the type exists).
Invoke-Expression @"
class RotatingCredentials : Amazon.Runtime.AWSCredentials {
    [int] `$Calls
    [string] `$Secret = 'test'
    [Amazon.Runtime.ImmutableCredentials] GetCredentials() { `$this.Calls++; return [Amazon.Runtime.ImmutableCredentials]::new('test', `$this.Secret, `$null) }
}
"@
$creds = New-Object RotatingCredentials
Import-Module $Manifest
$common = @{ EndpointUrl = $Endpoint; Region = 'us-east-1'; Confirm = $false; Credential = $creds }
$out = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-1" @common
$callsAfterFirst = $creds.Calls
$creds.Secret = 'rotated-away'
$second = $null
try { $null = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-2" @common } catch { $second = $_.FullyQualifiedErrorId }
[pscustomobject]@{ Status = "$($out.Status)"; CallsAfterFirst = $callsAfterFirst; Calls = $creds.Calls; Second = $second } | ConvertTo-Json -Compress
'@
        $r.Status | Should -Be 'CANCELED'
        # The cancel and the describe after it: one signature each, each with freshly asked keys.
        $r.CallsAfterFirst | Should -BeGreaterOrEqual 2
        $r.Calls | Should -BeGreaterThan $r.CallsAfterFirst
        $r.Second | Should -Be 'AccessDenied,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
    }
}

Describe 'Command names shared with AWS.Tools.IoT (each case in a fresh pwsh)' {
    # The names clash case-insensitively; a module-qualified name always reaches the module named.
    BeforeAll {
        $namesScript = @'
$ours = IoTJobs\Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-1" -Confirm:$false
$oursGet = @(IoTJobs\Get-IoTJobExecution -JobId $JobId -ThingName "$JobId-1")
$theirs = AWS.Tools.IoT\Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-2"
$plain = Stop-IOTJobExecution -JobId $JobId -ThingName "$JobId-2"
[pscustomobject]@{
    Ours = "$($ours.Status)"; OursType = $ours.GetType().FullName; OursGet = "$($oursGet[0].Status)"
    Theirs = $theirs.AnsweredBy; Plain = "$($plain.AnsweredBy)$($plain.Status)"
    Sources = @(Get-Command Stop-IoTJobExecution -All | ForEach-Object { "$($_.CommandType) $($_.Source)" })
} | ConvertTo-Json -Compress
'@
    }

    It 'reaches IoTJobs through IoTJobs\Stop-IoTJobExecution when the other module was imported <Order>' -ForEach @(
        @{ Order = 'last'; Imports = 'Import-Module $Manifest; Import-Module $StandIn' }
        @{ Order = 'first'; Imports = 'Import-Module $StandIn; Import-Module $Manifest' }
    ) {
        $job = "names-$Order"
        New-Fleet -JobId $job -Things "$job-1", "$job-2"
        $r = Invoke-FreshPwsh -JobId $job -Script ($Imports + "`nSet-Defaults`n" + $namesScript)
        $r.Ours | Should -Be 'CANCELED'
        $r.OursType | Should -Be 'IoTJobs.PowerShell.Output.JobExecution'
        $r.OursGet | Should -Be 'CANCELED'
        $r.Theirs | Should -Be 'AWS.Tools.IoT stand-in'
        $r.Sources | Should -Contain 'Cmdlet IoTJobs'
        $r.Sources | Should -Contain 'Function AWS.Tools.IoT'
        # A function outranks a cmdlet of the same name whatever the import order: the unqualified name is not ours here.
        $r.Plain | Should -Be 'AWS.Tools.IoT stand-in'
        (Get-IoTJobExecution -JobId $job -ThingName "$job-2").Status | Should -Be 'QUEUED'
    }

    It 'renames every IoTJobs command with Import-Module -Prefix' {
        New-Fleet -JobId 'names-prefix' -Things 'names-prefix-1', 'names-prefix-2'
        $r = Invoke-FreshPwsh -JobId 'names-prefix' -Script @'
Import-Module $StandIn
Import-Module $Manifest -Prefix X
# $PSDefaultParameterValues keys match a cmdlet by its own name, so the '*-IoT*' defaults still apply under a prefix.
Set-Defaults
$records = Get-XIoTJobExecution -JobId $JobId -ThingName "$JobId-1" -Verbose 4>&1
$endpointFrom = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Credentials:*' })[0].Message
$piped = $records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | Stop-XIoTJobExecution -Confirm:$false
$qualified = IoTJobs\Stop-XIoTJobExecution -JobId $JobId -ThingName "$JobId-2" -Confirm:$false
$plain = Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-2"
[pscustomobject]@{
    # The session's names (the module's ExportedCommands keys keep the unprefixed ones).
    Exported = @((Get-Command -Module IoTJobs).Name | Sort-Object)
    Unprefixed = @(Get-Command Stop-IoTJobExecution -All | ForEach-Object { "$($_.CommandType) $($_.Source)" })
    EndpointFrom = $endpointFrom; Piped = "$($piped.Status)"; Qualified = "$($qualified.Status)"; Plain = $plain.AnsweredBy
} | ConvertTo-Json -Compress
'@
        $r.Exported | Should -Contain 'Stop-XIoTJobExecution'
        $r.Exported | Should -Contain 'Get-XIoTJobExecution'
        @($r.Exported | Where-Object { $_ -notmatch '^[A-Za-z]+-XIoT' }) | Should -BeNullOrEmpty
        # The unprefixed name now means only the other module's command.
        $r.Unprefixed | Should -Be @('Function AWS.Tools.IoT')
        $r.EndpointFrom | Should -BeLike "*Endpoint: $($emu.Endpoint)/ (parameter)*"
        $r.Piped | Should -Be 'CANCELED'
        $r.Qualified | Should -Be 'CANCELED'
        $r.Plain | Should -Be 'AWS.Tools.IoT stand-in'
    }
}
