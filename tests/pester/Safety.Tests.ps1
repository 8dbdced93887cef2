# Safety as a runbook author meets it (issue 10): ordinary files and habits must never cancel what nobody named, drop a
# condition, or leave a cancel unreported. The built module in this pwsh (and child pwsh processes with redirected
# input) against the emulator process; every case checks the emulator's own state afterwards.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator -ExtraArgs '--latency-ms', '5'
    Set-TestDefaults -Endpoint $emu.Endpoint
    $script:Stop = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
    $script:StopJob = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand'

    function New-Fleet {
        param([int] $Count = 2, [int[]] $InProgress = @())
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "sf-$_-$tag" })
        $job = "sf-$tag"
        $seed = @{ Endpoint = $emu.Endpoint; JobId = $job; ThingName = $things; InProgress = @($InProgress | ForEach-Object { $things[$_] }); ThingTypeName = 'safety' }
        $null = Invoke-EmulatorSeed @seed
        [pscustomobject]@{ Job = $job; Things = $things }
    }

    # The emulator's own view of a job's executions (never faulted, never rate limited).
    function Get-ServerState([string] $Job) { Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/executions?jobId=$Job" }
    function Get-Canceled([string] $Job) { @((Get-ServerState $Job).executions | Where-Object status -EQ 'CANCELED' | ForEach-Object thingName) }

    # Runs a script in a child pwsh the way cron or CI would: no -NonInteractive, standard input from $StdinText
    # (or /dev/null when $DevNull). Returns stdout and stderr.
    function Invoke-ChildPwsh([string] $Body, [string] $StdinText, [switch] $DevNull) {
        $file = Join-Path $TestDrive ("child-" + [guid]::NewGuid().ToString('N') + '.ps1')
        $prelude = @"
Import-Module '$((Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path)'
`$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = '$($emu.Endpoint)'
`$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
`$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
`$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'

"@
        Set-Content -Path $file -Value ($prelude + $Body)
        $pwsh = "dotnet '$(Join-Path $PSHOME 'pwsh.dll')' -NoProfile -File '$file'"
        $stdinFile = Join-Path $TestDrive ("stdin-" + [guid]::NewGuid().ToString('N'))
        if ($DevNull) { $redirect = '< /dev/null' } else { Set-Content -Path $stdinFile -Value $StdinText -NoNewline; $redirect = "< '$stdinFile'" }
        $out = & bash -c "$pwsh $redirect 2>&1"
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($out | Out-String) }
    }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Objects that went through files and jobs keep their kind' {
    It 'an execution row from Export-Csv / Import-Csv is refused by Stop-IoTJob: the job keeps running on every device' {
        $f = New-Fleet -Count 3
        $csv = Join-Path $TestDrive 'execs.csv'
        Get-IoTJobExecution -JobId $f.Job | Export-Csv -Path $csv
        $out = Import-Csv $csv | Select-Object -First 1 | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionPipedToStopJob$StopJob"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'an execution through ConvertTo-Json | ConvertFrom-Json is refused by Stop-IoTJob' {
        $f = New-Fleet -Count 2
        $json = Get-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] | ConvertTo-Json
        $out = $json | ConvertFrom-Json | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionPipedToStopJob$StopJob"
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'executions from Import-Clixml and from Start-Job cancel exactly themselves, and show their status by name' {
        $f = New-Fleet -Count 3 -InProgress 1
        $xml = Join-Path $TestDrive 'execs.xml'
        Get-IoTJobExecution -JobId $f.Job -ThingName $f.Things[1] | Export-Clixml -Path $xml
        # "What if:" lines go to the host, not to a stream: a transcript records them as a person would see them.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -Path $transcript
        Import-Clixml $xml | Stop-IoTJobExecution -Force -WhatIf
        $null = Stop-Transcript
        Get-Content -Raw $transcript | Should -Match "What if: Force-canceling the execution of job '$($f.Job)' on thing '$($f.Things[1])' \(last known status IN_PROGRESS\)"
        $fromXml = Import-Clixml $xml | Stop-IoTJobExecution -Force -Confirm:$false
        $fromXml.ThingName | Should -Be $f.Things[1]

        $manifest = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
        $job = Start-Job -ScriptBlock {
            param($m, $ep, $j, $t)
            Import-Module $m
            Get-IoTJobExecution -JobId $j -ThingName $t -EndpointUrl $ep -AccessKey test -SecretKey test -Region us-east-1
        } -ArgumentList $manifest, $emu.Endpoint, $f.Job, $f.Things[0]
        $fromJob = Receive-Job $job -Wait -AutoRemoveJob
        $fromJob.PSObject.TypeNames[0] | Should -Be 'Deserialized.IoTJobs.PowerShell.Output.JobExecution'
        $canceled = $fromJob | Stop-IoTJobExecution
        $canceled.ThingName | Should -Be $f.Things[0]
        @(Get-Canceled $f.Job | Sort-Object) | Should -Be @($f.Things[0], $f.Things[1] | Sort-Object)
        # The same deserialized execution is refused by Stop-IoTJob.
        $fromJob | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be "JobExecutionPipedToStopJob$StopJob"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
    }

    It 'a thing piped to Stop-IoTJob never cancels the job of the same name' {
        $f = New-Fleet -Count 2
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "$($f.Job)-other" -ThingName $f.Job -ThingTypeName 'safety'  # a thing named like the job
        Get-IoTThing -ThingName $f.Job | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be "MissingJobId$StopJob"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'a job piped to Stop-IoTJobExecution without -ThingName cancels nothing' {
        $f = New-Fleet -Count 2
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "$($f.Job)-other" -ThingName $f.Job -ThingTypeName 'safety'  # a thing named like the job
        Get-IoTJob -JobId $f.Job | Stop-IoTJobExecution -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be "MissingThingName$Stop"
        $err[0].Exception.Message | Should -BeLike "*Get-IoTJobExecution -JobId $($f.Job) | Stop-IoTJobExecution*"
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }
}

Describe 'Conditions read from CSV cells' {
    It 'a cell of <Cell> fails that row and nothing is sent for it; the next row goes on with its condition' -ForEach @(
        @{ Cell = 'v7' }, @{ Cell = '99999999999999999999' }, @{ Cell = '1.6' }, @{ Cell = '-1' }
    ) {
        $f = New-Fleet -Count 2 -InProgress 0, 1   # IN_PROGRESS, version 2: -Force without a condition would cancel them
        $csv = Join-Path $TestDrive "ev-$([guid]::NewGuid().ToString('N')).csv"
        @(
            [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; ExpectedVersion = $Cell }
            [pscustomobject]@{ ThingName = $f.Things[1]; JobId = $f.Job; ExpectedVersion = '2' }
        ) | Export-Csv -Path $csv
        $out = Import-Csv $csv | Stop-IoTJobExecution -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err.FullyQualifiedErrorId | Should -Be "InvalidExpectedVersion$Stop"
        $err[0].Exception.Message | Should -BeLike "*'$Cell'*"
        $out.ThingName | Should -Be $f.Things[1]
        Get-Canceled $f.Job | Should -Be @($f.Things[1])
    }

    It 'a blank cell means no condition, and -Verbose says so' {
        $f = New-Fleet -Count 1
        $csv = Join-Path $TestDrive 'blank.csv'
        [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; ExpectedVersion = '' } | Export-Csv -Path $csv
        $verbose = Import-Csv $csv | Stop-IoTJobExecution -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'ExpectedVersion is blank: canceling without a version condition'
        Get-Canceled $f.Job | Should -Be @($f.Things[0])
    }
}

Describe 'Conditions given as -ExpectedVersion' {
    It 'a script block that gives $null for an item (a list summary has no VersionNumber) fails it: never a cancel without the condition' {
        $f = New-Fleet -Count 2 -InProgress 0, 1
        $out = Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution -Force -Confirm:$false -ExpectedVersion { $_.VersionNumber } -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "InvalidExpectedVersion$Stop"
        $err[0].Exception.Message | Should -BeLike '*Get-IoTJobExecution -Detailed*'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
        # With -Detailed the versions are there, and the same pipeline cancels under its conditions.
        $out = Get-IoTJobExecution -JobId $f.Job -Detailed | Stop-IoTJobExecution -Force -Confirm:$false -ExpectedVersion { $_.VersionNumber }
        @($out).Count | Should -Be 2
        @(Get-Canceled $f.Job).Count | Should -Be 2
    }

    It 'a fraction is never rounded into a condition: <Case>' -ForEach @(
        @{ Case = 'a script block giving 1.4'; Script = { param($f) [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; V = 1.4 } | Stop-IoTJobExecution -Force -Confirm:$false -ExpectedVersion { $_.V } -ErrorAction Continue } }
        @{ Case = 'a script block giving the text 1.4'; Script = { param($f) [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; V = '1.4' } | Stop-IoTJobExecution -Force -Confirm:$false -ExpectedVersion { $_.V } -ErrorAction Continue } }
        @{ Case = 'a typed 1.4'; Script = { param($f) try { Stop-IoTJobExecution -ThingName $f.Things[0] -JobId $f.Job -Force -Confirm:$false -ExpectedVersion 1.4 } catch { $_ } } }
    ) {
        # Version 1 is the execution's version after seeding (QUEUED), so a rounded 1.4 would match and cancel.
        $f = New-Fleet -Count 1
        $all = @(& $Script $f 2>&1)
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be "InvalidExpectedVersion$Stop"
        $errors[0].Exception.Message | Should -BeLike "*'1.4'*"
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'a script block whose value cannot be read, under -ErrorAction Stop at row 40 of 300: what was canceled is what was reported' {
        # A value the binder could not convert used to be a binding failure, which ended the run with cancels unreported.
        $f = New-Fleet -Count 300
        $bad = $f.Things[39]
        $reported = [System.Collections.Generic.List[string]]::new()
        try {
            Get-IoTJobExecution -JobId $f.Job | Select-Object ThingName, JobId, @{ n = 'V'; e = { if ($_.ThingName -eq $bad) { 'v7' } else { '1' } } } |
                Stop-IoTJobExecution -ExpectedVersion { $_.V } -ErrorAction Stop | ForEach-Object { $reported.Add($_.ThingName) }
            throw 'not stopped'
        } catch {
            $_.FullyQualifiedErrorId | Should -Be "InvalidExpectedVersion$Stop"
        }
        $canceled = Get-Canceled $f.Job
        $canceled | Should -Not -Contain $bad
        @($reported | Sort-Object) | Should -Be @($canceled | Sort-Object)
    }
}

Describe 'Every applied cancel is reported' {
    It 'with -ErrorAction Stop and an IN_PROGRESS execution at position 10 of 300, what was canceled is what was reported' {
        $f = New-Fleet -Count 300 -InProgress 9
        $reported = [System.Collections.Generic.List[string]]::new()
        try {
            Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution -ErrorAction Stop | ForEach-Object { $reported.Add($_.ThingName) }
            throw 'not stopped'
        } catch {
            $_.FullyQualifiedErrorId | Should -Be "JobExecutionInProgress$Stop"
        }
        $canceled = Get-Canceled $f.Job
        @($reported | Sort-Object) | Should -Be @($canceled | Sort-Object)
        $canceled.Count | Should -BeLessThan 299 -Because 'nothing new is sent once the failure is known'
    }

    It 'with $ErrorActionPreference = ''Stop'' the same holds' {
        $f = New-Fleet -Count 120 -InProgress 30
        $reported = [System.Collections.Generic.List[string]]::new()
        & {
            $ErrorActionPreference = 'Stop'
            try { Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution | ForEach-Object { $reported.Add($_.ThingName) } } catch { }
        }
        @($reported | Sort-Object) | Should -Be @(Get-Canceled $f.Job | Sort-Object)
    }

    It 'Select-Object -First 3 leaves at most -ThrottleLimit cancels unreported, and none at -ThrottleLimit 1' {
        $f = New-Fleet -Count 60
        $out = Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution -ThrottleLimit 4 | Select-Object -First 3
        @($out).Count | Should -Be 3
        (Get-Canceled $f.Job).Count | Should -BeLessOrEqual (3 + 4)
        $g = New-Fleet -Count 60
        $out = Get-IoTJobExecution -JobId $g.Job | Stop-IoTJobExecution -ThrottleLimit 1 | Select-Object -First 3
        @(Get-Canceled $g.Job | Sort-Object) | Should -Be @($out.ThingName | Sort-Object)
    }
}

Describe 'Prompts in a host that cannot answer' {
    It 'stdin from an empty line (started without -NonInteractive): a force-cancel is refused with ConfirmationRequired, never a Yes' {
        $f = New-Fleet -Count 1 -InProgress 0
        $r = Invoke-ChildPwsh -StdinText "`n" -Body "Stop-IoTJobExecution -ThingName $($f.Things[0]) -JobId $($f.Job) -Force -ErrorVariable e -ErrorAction SilentlyContinue; 'ERR:' + `$e[0].FullyQualifiedErrorId"
        $r.Text | Should -Match "ERR:ConfirmationRequired,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand"
        $r.Text | Should -Not -Match 'NullReferenceException|Object reference not set'
        (Get-ServerState $f.Job).executions[0].status | Should -Be 'IN_PROGRESS'
    }

    It 'stdin at end of file (< /dev/null): ConfirmationRequired, no crash' {
        $f = New-Fleet -Count 1 -InProgress 0
        $r = Invoke-ChildPwsh -DevNull -Body "Stop-IoTJobExecution -ThingName $($f.Things[0]) -JobId $($f.Job) -Force -ErrorVariable e -ErrorAction SilentlyContinue; 'ERR:' + `$e[0].FullyQualifiedErrorId"
        $r.Text | Should -Match "ERR:ConfirmationRequired,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand"
        $r.Text | Should -Not -Match 'NullReferenceException|Object reference not set'
        (Get-ServerState $f.Job).executions[0].status | Should -Be 'IN_PROGRESS'
    }

    It 'a Start-Job whose parent reads "y" from a pipe: the job never asks, so nothing is confirmed from the pipe' {
        $f = New-Fleet -Count 2 -InProgress 0
        $module = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
        $body = @"
Start-Job -ArgumentList '$module', '$($emu.Endpoint)', '$($f.Things[0])', '$($f.Job)' -ScriptBlock {
    param(`$m, `$ep, `$thing, `$job)
    Import-Module `$m
    Stop-IoTJobExecution -ThingName `$thing -JobId `$job -Force -EndpointUrl `$ep -AccessKey test -SecretKey test -Region us-east-1
    Stop-IoTJob -JobId `$job -EndpointUrl `$ep -AccessKey test -SecretKey test -Region us-east-1
} | Receive-Job -Wait -AutoRemoveJob 2>&1 | ForEach-Object { "RESULT: `$_" }
"@
        $r = Invoke-ChildPwsh -Body $body -StdinText (("y`n") * 20)
        (Get-ServerState $f.Job).executions.status | Should -Be @('IN_PROGRESS', 'QUEUED')
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        $r.Text | Should -Match 'background job started by Start-Job'
    }

    It 'Stop-IoTJob at default preferences asks first, so in such a host no job is canceled; -Confirm:$false is the runbook form' {
        $f = New-Fleet -Count 2
        $g = New-Fleet -Count 2
        $r = Invoke-ChildPwsh -StdinText "y`ny`n" -Body @"
Get-IoTJob -JobId $($f.Job) | Stop-IoTJob -ErrorVariable e -ErrorAction SilentlyContinue
'ERR:' + `$e[0].FullyQualifiedErrorId
(Stop-IoTJob -JobId $($g.Job) -Confirm:`$false).Status
"@
        $r.Text | Should -Match "ERR:ConfirmationRequired,IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
        $r.Text | Should -Match 'CANCELED'
        (Get-IoTJob -JobId $g.Job).Status | Should -Be 'CANCELED'
    }
}

Describe 'Regions are independent' {
    It 'a CSV mixing regions against an endpoint that serves one: the refused region''s rows fail, the others are canceled' {
        # The emulator serves us-east-1 only; rows for eu-west-1 are signed for eu-west-1 and refused (403), as an
        # account without access there would refuse them.
        $f = New-Fleet -Count 6
        $csv = Join-Path $TestDrive 'mixed.csv'
        0..5 | ForEach-Object { [pscustomobject]@{ ThingName = $f.Things[$_]; JobId = $f.Job; Region = @('us-east-1', 'eu-west-1')[$_ % 2] } } | Export-Csv -Path $csv
        $out = Import-Csv $csv | Stop-IoTJobExecution -ErrorVariable err -ErrorAction SilentlyContinue
        @($out.ThingName) | Should -Be @($f.Things[0], $f.Things[2], $f.Things[4])
        @($err).Count | Should -Be 3
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "AccessDenied$Stop"
        @(Get-Canceled $f.Job | Sort-Object) | Should -Be @($f.Things[0], $f.Things[2], $f.Things[4] | Sort-Object)
    }

    It 'an ARN names its own region: typed, piped as a string or through Get, it never reaches the default region''s job of that name' {
        # The emulator serves us-east-1 (the default region here); the same job id and thing names exist there, as
        # they would in every region a rollout runs in. Named by their eu-west-1 ARNs, nothing here may be canceled.
        $f = New-Fleet -Count 3
        $eu = 'arn:aws:iot:eu-west-1:123456789012'
        $before = Get-EmulatorStats -Endpoint $emu.Endpoint
        Stop-IoTJob -JobId "$eu`:job/$($f.Job)" -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -Be "AccessDenied$StopJob" -Because 'the request went to eu-west-1, which this endpoint refuses'
        $e1[0].Exception.Message | Should -Match 'eu-west-1'
        "$eu`:thing/$($f.Things[0])" | Stop-IoTJobExecution -JobId $f.Job -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be "AccessDenied$Stop"
        Get-IoTJobExecution -JobId "$eu`:job/$($f.Job)" -ErrorAction SilentlyContinue | Stop-IoTJobExecution | Should -BeNullOrEmpty
        Stop-IoTJob -JobId "$eu`:job/$($f.Job)" -Region us-east-1 -Confirm:$false -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be "RegionConflict$StopJob"
        $after = Get-EmulatorStats -Endpoint $emu.Endpoint
        ($after.requests.CancelJob ?? 0) | Should -Be ($before.requests.CancelJob ?? 0)
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'an ARN''s region is where the request goes: against an eu-west-1 endpoint the same ARNs cancel there' {
        $euEmu = Start-TestEmulator -ExtraArgs '--region', 'eu-west-1'
        try {
            $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
            $null = Invoke-EmulatorSeed -Endpoint $euEmu.Endpoint -JobId "eu-$tag" -ThingName "eu-1-$tag", "eu-2-$tag"
            $null = Invoke-EmulatorSeed -Endpoint $euEmu.Endpoint -JobId "eu2-$tag" -ThingName "eu-3-$tag"
            $eu = 'arn:aws:iot:eu-west-1:123456789012'
            $job = Stop-IoTJob -JobId "$eu`:job/eu-$tag" -EndpointUrl $euEmu.Endpoint -Confirm:$false
            $job.Region | Should -Be 'eu-west-1'
            $execution = "$eu`:thing/eu-3-$tag" | Stop-IoTJobExecution -JobId "eu2-$tag" -EndpointUrl $euEmu.Endpoint
            $execution.Region | Should -Be 'eu-west-1'
            $view = Invoke-RestMethod -Uri "$($euEmu.Endpoint)/_emulator/executions?jobId=eu2-$tag"
            @($view.executions | Where-Object status -EQ 'CANCELED').thingName | Should -Be "eu-3-$tag"
            (Invoke-RestMethod -Uri "$($euEmu.Endpoint)/_emulator/executions?jobId=eu-$tag").executions.status | Should -Not -Contain 'IN_PROGRESS'
        }
        finally { Stop-TestEmulator $euEmu }
    }

    It 'a row whose JobId and JobArn name different jobs is refused by Stop-IoTJob' {
        $f = New-Fleet -Count 1
        $g = New-Fleet -Count 1
        [pscustomobject]@{ JobId = $f.Job; JobArn = "arn:aws:iot:us-east-1:123456789012:job/$($g.Job)" } |
            Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "NameConflict$StopJob"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        (Get-IoTJob -JobId $g.Job).Status | Should -Be 'IN_PROGRESS'
    }

    It 'a typed -Region that disagrees with a row''s Region is that row''s error, naming both' {
        $f = New-Fleet -Count 2
        $rows = [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; Region = 'eu-west-1' },
                [pscustomobject]@{ ThingName = $f.Things[1]; JobId = $f.Job; Region = 'us-east-1' }
        $out = $rows | Stop-IoTJobExecution -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue
        $out.ThingName | Should -Be $f.Things[1]
        $err.FullyQualifiedErrorId | Should -Be "RegionConflict$Stop"
        $err[0].Exception.Message | Should -Match 'us-east-1' -Because 'it names the typed region'
        $err[0].Exception.Message | Should -Match 'eu-west-1' -Because 'it names the object''s region'
        Get-Canceled $f.Job | Should -Be @($f.Things[1])
    }
}
