# Stop-IoTJobExecution as users run it: the built module in a fresh pwsh, against the emulator (and moto, where
# installed), with objects the module's own Get cmdlets and Import-Csv emit; errors are asserted by FullyQualifiedErrorId.
# The pipelines and rules the in-process tests already run the same way are theirs alone
# (tests/IoTJobs.PowerShell.Tests/Cmdlets/StopIoTJobExecutionCommandTests.*.cs).
BeforeDiscovery {
    # -Skip on the moto block is evaluated at discovery time, before BeforeAll runs.
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $script:Fq = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'

    function New-Fleet {
        # A job with QUEUED executions on fresh things; -InProgress moves those to IN_PROGRESS.
        # Always with a thing type: Invoke-EmulatorSeed sends an empty thingTypeName otherwise, which the emulator refuses.
        param([int] $Count = 2, [int[]] $InProgress = @(), [string] $ThingTypeName = 'stop-test')
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "dev-$_-$tag" })
        $job = "fw-$tag"
        $seed = @{ Endpoint = $emu.Endpoint; JobId = $job; ThingName = $things; InProgress = @($InProgress | ForEach-Object { $things[$_] }); ThingTypeName = $ThingTypeName }
        $null = Invoke-EmulatorSeed @seed
        [pscustomobject]@{ Job = $job; Things = $things }
    }

    function Get-Cancels { (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.CancelJobExecution ?? 0 }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Stop-IoTJobExecution: naming the targets' {
    It 'takes -ThingName and -JobId as parameters' {
        $f = New-Fleet
        $out = Stop-IoTJobExecution -ThingName $f.Things -JobId $f.Job
        $out.Status | Should -Be @('CANCELED', 'CANCELED')
        $out.ThingName | Should -Be $f.Things
    }

    It 'takes JobExecution objects through -InputObject, as a parameter and piped' {
        $f = New-Fleet -Count 3
        $execs = Get-IoTJobExecution -JobId $f.Job | Sort-Object ThingName
        $byParam = Stop-IoTJobExecution -InputObject $execs[0]
        $piped = $execs[1..2] | Stop-IoTJobExecution
        $byParam.Status | Should -Be 'CANCELED'
        @($piped.Status) | Should -Be @('CANCELED', 'CANCELED')
    }

    It 'takes job objects with -ThingName' {
        $f = New-Fleet -Count 1
        $out = Get-IoTJob -JobId $f.Job | Stop-IoTJobExecution -ThingName $f.Things[0]
        $out.Status | Should -Be 'CANCELED'
    }

    It 'takes CSV rows: Import-Csv targets.csv | Stop-IoTJobExecution' {
        $f = New-Fleet
        $path = Join-Path $TestDrive 'targets.csv'
        $f.Things | ForEach-Object { [pscustomobject]@{ ThingName = $_; JobId = $f.Job } } | Export-Csv -Path $path
        $out = Import-Csv -Path $path | Stop-IoTJobExecution
        @($out.Status) | Should -Be @('CANCELED', 'CANCELED')
    }

    It 'takes AWS.Tools-shaped objects (ThingArn, JobArn), piped and as ARN parameters' {
        $f = New-Fleet
        $arn = 'arn:aws:iot:us-east-1:123456789012'
        $piped = [pscustomobject]@{ ThingArn = "$arn`:thing/$($f.Things[0])"; JobArn = "$arn`:job/$($f.Job)" } | Stop-IoTJobExecution
        $byParam = Stop-IoTJobExecution -ThingName "$arn`:thing/$($f.Things[1])" -JobId "$arn`:job/$($f.Job)"
        $piped.ThingName | Should -Be $f.Things[0]
        $byParam.ThingName | Should -Be $f.Things[1]
    }

    It 'cancels an execution named twice only once, with a verbose line for the duplicate' {
        $f = New-Fleet -Count 1
        $before = Get-Cancels
        $verbose = $( $out = $f.Things[0], $f.Things[0] | Stop-IoTJobExecution -JobId $f.Job -Verbose ) 4>&1
        @($out).Count | Should -Be 1
        (Get-Cancels) - $before | Should -Be 1
        @($verbose | Where-Object { "$_" -match 'already handled' }).Count | Should -Be 1
    }

    It 'exports what it canceled: ... | Stop-IoTJobExecution | Export-Csv canceled.csv' {
        $f = New-Fleet
        $path = Join-Path $TestDrive 'canceled.csv'
        Get-IoTJobExecution -JobId $f.Job -Status QUEUED | Stop-IoTJobExecution | Export-Csv -Path $path
        $rows = Import-Csv -Path $path
        @($rows).Count | Should -Be 2
        @($rows.Status) | Should -Be @('CANCELED', 'CANCELED')
        @($rows.ThingName | Sort-Object) | Should -Be @($f.Things | Sort-Object)
    }
}

Describe 'Stop-IoTJobExecution: -ExpectedVersion and -StatusDetails' {
    It 'sends -ExpectedVersion and -StatusDetails: Stop-IoTJobExecution -JobId fw -ThingName dev-1 -ExpectedVersion 3 -StatusDetails @{reason=''rollback''}' {
        $f = New-Fleet -Count 1
        $version = (Get-IoTJobExecution -ThingName $f.Things[0] -JobId $f.Job).VersionNumber
        $stale = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] -ExpectedVersion ($version + 2) -StatusDetails @{ reason = 'rollback' } -ErrorVariable err -ErrorAction SilentlyContinue
        $stale | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "JobExecutionVersionConflict$Fq"
        $err[0].Exception.CurrentVersion | Should -Be $version

        $out = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] -ExpectedVersion $version -StatusDetails @{ reason = 'rollback' }
        $out.Status | Should -Be 'CANCELED'
        $out.StatusDetails['reason'] | Should -Be 'rollback'
    }

    It 'conditions each piped execution on its own version with -ExpectedVersion { $_.VersionNumber }' {
        $f = New-Fleet -Count 2
        $execs = $f.Things | ForEach-Object { Get-IoTJobExecution -ThingName $_ -JobId $f.Job }
        $execs[1].VersionNumber = $execs[1].VersionNumber - 1   # as if read before someone else changed it
        $out = $execs | Stop-IoTJobExecution -ExpectedVersion { $_.VersionNumber } -ErrorVariable err -ErrorAction SilentlyContinue
        $out.ThingName | Should -Be $f.Things[0]
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionVersionConflict$Fq"
    }

}

Describe 'Stop-IoTJobExecution: outcomes' {
    It 'reports IN_PROGRESS without -Force as JobExecutionInProgress and goes on' {
        $f = New-Fleet -Count 2 -InProgress 0
        $out = $f.Things | Stop-IoTJobExecution -JobId $f.Job -ErrorVariable err -ErrorAction SilentlyContinue
        $out.ThingName | Should -Be $f.Things[1]
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionInProgress$Fq"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.ThingName | Should -Be $f.Things[0]
        $err[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        $err[0].TargetObject | Should -Be $f.Things[0]   # the piped item itself
    }

    It 'treats an already canceled execution as success' {
        $f = New-Fleet -Count 1
        $null = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0]
        $again = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $again.Status | Should -Be 'CANCELED'
    }

    It 'reports a missing execution as JobExecutionNotFound (ObjectNotFound)' {
        $f = New-Fleet -Count 1
        $null = Stop-IoTJobExecution -JobId $f.Job -ThingName 'nobody-here' -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionNotFound$Fq"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'in a host that cannot prompt, fails a -Force item with ConfirmationRequired instead of hanging' {
        $f = New-Fleet -Count 1 -InProgress 0
        $scriptPath = Join-Path $TestDrive 'no-prompt.ps1'
        Set-Content -Path $scriptPath -Value @'
$ErrorActionPreference = 'Continue'
Import-Module $args[0]
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[1]
$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
$out = Stop-IoTJobExecution -ThingName $args[2] -JobId $args[3] -Force -ErrorVariable err -ErrorAction SilentlyContinue
[pscustomobject]@{ Output = @($out).Count; Errors = @($err.FullyQualifiedErrorId) } | ConvertTo-Json -Compress
'@
        $manifest = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
        # The same PowerShell as this one; run as a dotnet tool it is pwsh.dll under the dotnet host.
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $scriptPath, $manifest, $emu.Endpoint, $f.Things[0], $f.Job)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $null = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit(60000) | Should -BeTrue -Because 'nothing may hang waiting for an answer'
        $result = $stdout.Result | ConvertFrom-Json
        $result.Output | Should -Be 0
        $result.Errors | Should -Be "ConfirmationRequired$Fq"
        (Get-IoTJobExecution -ThingName $f.Things[0] -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
    }
}

Describe 'Stop-IoTJobExecution against moto (a third-party IoT server)' -Skip:(-not (Test-AwsCli)) {
    BeforeAll {
        $moto = Start-TestMoto
        $arn = 'arn:aws:iot:us-east-1:123456789012:thing'
        foreach ($t in 'moto-dev-1', 'moto-dev-2') { $null = Invoke-AwsCli -Endpoint $moto.Endpoint iot create-thing --thing-name $t }
        $null = Invoke-AwsCli -Endpoint $moto.Endpoint iot create-job --job-id moto-fw --targets "$arn/moto-dev-1" "$arn/moto-dev-2" --document '{"op":"update"}'
    }
    AfterAll { Stop-TestMoto $moto }

    It 'cancels what the AWS CLI created, and the AWS CLI sees it canceled' {
        $out = Get-IoTJobExecution -JobId moto-fw -EndpointUrl $moto.Endpoint | Stop-IoTJobExecution -EndpointUrl $moto.Endpoint -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @($out).Count | Should -Be 2
        @($out.Status) | Should -Be @('CANCELED', 'CANCELED')
        foreach ($t in 'moto-dev-1', 'moto-dev-2') {
            (Invoke-AwsCli -Endpoint $moto.Endpoint iot describe-job-execution --job-id moto-fw --thing-name $t).execution.status | Should -Be 'CANCELED'
        }
    }
}
