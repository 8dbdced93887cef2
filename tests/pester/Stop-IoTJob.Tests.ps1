# Stop-IoTJob (CancelJob) as users run it: the built module in a fresh pwsh against the emulator process.
# Errors are asserted by FullyQualifiedErrorId; what reached the emulator by its request counters. What the in-process
# tests run the same way is theirs alone (tests/IoTJobs.PowerShell.Tests/Cmdlets/StopIoTJobCommandTests*.cs).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $script:Fq = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand'
    $script:Arn = 'arn:aws:iot:us-east-1:123456789012'

    function New-Fleet {
        # A job with QUEUED executions on fresh things; -InProgress moves those to IN_PROGRESS.
        param([int] $Count = 2, [int[]] $InProgress = @())
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "sj-$_-$tag" })
        $job = "sj-$tag"
        $seed = @{ Endpoint = $emu.Endpoint; JobId = $job; ThingName = $things; InProgress = @($InProgress | ForEach-Object { $things[$_] }); ThingTypeName = 'stop-job-test' }
        $null = Invoke-EmulatorSeed @seed
        [pscustomobject]@{ Job = $job; Things = $things }
    }

    function Get-CancelJobs { (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.CancelJob ?? 0 }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Stop-IoTJob: what it cancels and what it emits' {
    It 'cancels the QUEUED executions, leaves IN_PROGRESS ones, and emits the CANCELED job with its reason and counts' {
        $f = New-Fleet -Count 3 -InProgress 0
        $job = Stop-IoTJob -JobId $f.Job -ReasonCode ROLLBACK_42 -Comment 'firmware 4.2 bricks sensors' -Confirm:$false
        $job.GetType().FullName | Should -Be 'IoTJobs.PowerShell.Output.Job'
        $job.JobId | Should -Be $f.Job
        $job.Status | Should -Be 'CANCELED'
        $job.ReasonCode | Should -Be 'ROLLBACK_42'
        $job.Comment | Should -Be 'firmware 4.2 bricks sensors'
        $job.ForceCanceled | Should -BeFalse
        $job.CanceledCount | Should -Be 2
        $job.InProgressCount | Should -Be 1
        $states = Get-IoTJobExecution -JobId $f.Job | Sort-Object ThingName
        @($states.Status) | Should -Be @('IN_PROGRESS', 'CANCELED', 'CANCELED')
    }

    It 'with -Force -Confirm:$false also cancels IN_PROGRESS executions' {
        $f = New-Fleet -Count 2 -InProgress 0, 1
        $job = Stop-IoTJob -JobId $f.Job -Force -Confirm:$false
        $job.ForceCanceled | Should -BeTrue
        $job.CanceledCount | Should -Be 2
        $e = Get-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0]
        $e.Status | Should -Be 'CANCELED'
        $e.ForceCanceled | Should -BeTrue
    }

    It 'Get-IoTJob | Stop-IoTJob: job objects bind by value and stay in their region' {
        $f = New-Fleet -Count 1
        $out = Get-IoTJob -JobId $f.Job | Stop-IoTJob -Confirm:$false
        $out.JobId | Should -Be $f.Job
        $out.Region | Should -Be 'us-east-1'
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'CANCELED'
    }

    It 'binds strings, ARNs, CSV rows and AWS.Tools-shaped objects' {
        $f = 1..4 | ForEach-Object { New-Fleet -Count 1 }
        ($f[0].Job | Stop-IoTJob -Confirm:$false).JobId | Should -Be $f[0].Job
        (Stop-IoTJob "$Arn`:job/$($f[1].Job)" -Confirm:$false).JobId | Should -Be $f[1].Job
        ("JobId`n$($f[2].Job)" | ConvertFrom-Csv | Stop-IoTJob -Confirm:$false).JobId | Should -Be $f[2].Job
        ([pscustomobject]@{ JobArn = "$Arn`:job/$($f[3].Job)" } | Stop-IoTJob -Confirm:$false).JobId | Should -Be $f[3].Job
    }

    It 'composes: canceled jobs pipe on into Get-IoTJobExecution' {
        $f = New-Fleet -Count 2
        $e = Stop-IoTJob -JobId $f.Job -Confirm:$false | Get-IoTJobExecution
        @($e.Status) | Should -Be @('CANCELED', 'CANCELED')
    }
}

Describe 'Stop-IoTJob: confirmation and -WhatIf' {
    It '-WhatIf sends nothing, with or without -Force' {
        $f = New-Fleet -Count 2 -InProgress 0
        $before = Get-CancelJobs
        Stop-IoTJob -JobId $f.Job -WhatIf | Should -BeNullOrEmpty
        Stop-IoTJob -JobId $f.Job -Force -WhatIf | Should -BeNullOrEmpty
        (Get-CancelJobs) - $before | Should -Be 0
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
    }

    It 'in a host that cannot prompt (-NonInteractive), -Force fails with ConfirmationRequired instead of hanging' {
        $f = New-Fleet -Count 1 -InProgress 0
        $scriptPath = Join-Path $TestDrive 'no-prompt.ps1'
        Set-Content -Path $scriptPath -Value @'
$ErrorActionPreference = 'Continue'
Import-Module $args[0]
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[1]
$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
$out = Stop-IoTJob -JobId $args[2] -Force -ErrorVariable err -ErrorAction SilentlyContinue
[pscustomobject]@{ Output = @($out).Count; Errors = @($err.FullyQualifiedErrorId) } | ConvertTo-Json -Compress
'@
        $manifest = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $scriptPath, $manifest, $emu.Endpoint, $f.Job)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $null = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit(60000) | Should -BeTrue -Because 'nothing may hang waiting for an answer'
        $result = $stdout.Result | ConvertFrom-Json
        $result.Output | Should -Be 0
        $result.Errors | Should -Be "ConfirmationRequired$Fq"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
    }
}

Describe 'Stop-IoTJob: errors' {
    It 'checks -ReasonCode and -Comment before any request, naming the rule' {
        $f = New-Fleet -Count 1
        $before = Get-CancelJobs
        { Stop-IoTJob -JobId $f.Job -ReasonCode 'not upper' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand' -ExpectedMessage '*upper-case letters, digits and underscore*'
        { Stop-IoTJob -JobId $f.Job -Comment ('x' * 2029) } | Should -Throw -ExpectedMessage '*1 to 2028 characters*'
        { Stop-IoTJob -JobId $f.Job -Comment "tab`there" } | Should -Throw -ExpectedMessage '*control or format characters*'
        { Stop-IoTJob -JobId 'bad.id' } | Should -Throw -ExpectedMessage '*not a valid job id*'
        (Get-CancelJobs) - $before | Should -Be 0
    }

    It 'access denied is each job''s error in that region, and the rest is not sent' {
        $f = New-Fleet -Count 1
        $g = New-Fleet -Count 1
        $out = Stop-IoTJob -JobId $f.Job, $g.Job -SecretKey 'not-the-secret' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err.FullyQualifiedErrorId) | Should -Be @("AccessDenied$Fq", "AccessDenied$Fq")
        $err[1].Exception.Message | Should -BeLike 'Not sent*'
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        (Get-IoTJob -JobId $g.Job).Status | Should -Be 'IN_PROGRESS'
    }
}
