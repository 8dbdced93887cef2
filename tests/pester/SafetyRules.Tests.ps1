# Issue 19, as a runbook author meets it: the module's safety rules hold for every cmdlet and every input shape, through
# the built module in this pwsh against an emulator process. Every case checks the emulator's own state afterwards.

BeforeDiscovery {
    $script:NoAwsCli = -not (Get-Command aws -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $script:Stop = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
    $script:StopJob = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand'
    $script:GetExec = ',IoTJobs.PowerShell.Cmdlets.GetIoTJobExecutionCommand'

    function New-Fleet([int] $Count = 2, [int[]] $InProgress = @()) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "sr-$_-$tag" })
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "sr-$tag" -ThingName $things -InProgress @($InProgress | ForEach-Object { $things[$_] })
        [pscustomobject]@{ Job = "sr-$tag"; Things = $things }
    }
    function Get-Status([string] $Job) { Get-ServerExecutionStatus -Endpoint $emu.Endpoint -JobId $Job }
    function Get-Canceled([string] $Job) { $s = Get-Status $Job; @($s.Keys | Where-Object { $s[$_] -eq 'CANCELED' } | Sort-Object) }
    function Get-Requests([string] $Operation) { (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.$Operation ?? 0 }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'A thing never reaches a job-level action' {
    It 'Get-IoTThing -ThingGroupName building-7 | Stop-IoTJob -JobId fw is refused for every thing: the job runs on everywhere' {
        $s = New-TestSite -Endpoint $emu.Endpoint
        $before = Get-Requests 'CancelJob'
        $out = Get-IoTThing -ThingGroupName $s.B7 | Stop-IoTJob -JobId $s.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err).Count | Should -Be 4
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "ThingPipedToStopJob$StopJob"
        $err[0].Exception.Message | Should -BeLike "*Stop-IoTJobExecution -JobId $($s.Job)*"
        Get-Requests 'CancelJob' | Should -Be $before
        (Get-IoTJob -JobId $s.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $s.Job | Should -BeNullOrEmpty
    }

    It 'a CSV with only a ThingName column, beside -JobId, is refused too' {
        $f = New-Fleet -Count 3
        $csv = Join-Path $TestDrive 'things.csv'
        $f.Things | ForEach-Object { [pscustomobject]@{ ThingName = $_ } } | Export-Csv -Path $csv
        Import-Csv $csv | Stop-IoTJob -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "ThingPipedToStopJob$StopJob"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }
}

Describe 'An item that names no job never stands for Stop-IoTJob''s -JobId' {
    It '<Shape> beside -JobId is <ErrorId>, and the job runs on' -ForEach @(
        @{ Shape = 'a thing group through JSON'; ErrorId = 'ThingGroupPipedToStopJob'; Item = { Get-IoTThingGroup $s.B7 | ConvertTo-Json | ConvertFrom-Json } }
        @{ Shape = 'a thing group through CSV'; ErrorId = 'ThingGroupPipedToStopJob'; Item = { Get-IoTThingGroup $s.B7 | ConvertTo-Csv | ConvertFrom-Csv } }
        @{ Shape = 'a hashtable naming a group by ARN'; ErrorId = 'ThingGroupPipedToStopJob'; Item = { @{ ThingGroupArn = "arn:aws:iot:us-east-1:123456789012:thinggroup/$($s.B7)" } } }
        @{ Shape = 'a thing projected to ThingId and ThingTypeName'; ErrorId = 'PipedItemNamesNoJob'; Item = { Get-IoTThing -ThingName $s.B7Things[0] | Select-Object ThingId, ThingTypeName } }
        @{ Shape = 'a row with only a Device column'; ErrorId = 'PipedItemNamesNoJob'; Item = { [pscustomobject]@{ Device = $s.B7Things[0] } } }
        @{ Shape = 'an empty object'; ErrorId = 'PipedItemNamesNoJob'; Item = { [pscustomobject]@{} } }
        @{ Shape = 'a number'; ErrorId = 'PipedItemNamesNoJob'; Item = { 5 } }
        @{ Shape = '$null'; ErrorId = 'PipedItemNamesNoJob'; Item = { $null } }
    ) {
        $s = New-TestSite -Endpoint $emu.Endpoint
        $items = @(& $Item)
        $before = Get-Requests 'CancelJob'
        $out = $items | Stop-IoTJob -JobId $s.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$ErrorId$StopJob"
        Get-Requests 'CancelJob' | Should -Be $before
        (Get-IoTJob -JobId $s.Job).Status | Should -Be 'IN_PROGRESS'
        Get-Canceled $s.Job | Should -BeNullOrEmpty
    }
}

Describe 'An item that names no thing is never widened into every thing' {
    It 'Get-IoTThingGroup building-7 | Get-IoTJobExecution -JobId fw -Status QUEUED | Stop-IoTJobExecution cancels nothing' {
        $s = New-TestSite -Endpoint $emu.Endpoint
        $out = Get-IoTThingGroup $s.B7 | Get-IoTJobExecution -JobId $s.Job -Status QUEUED -ErrorVariable err -ErrorAction SilentlyContinue | Stop-IoTJobExecution -Confirm:$false
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "ThingGroupPipedToGetJobExecution$GetExec"
        $err[0].Exception.Message | Should -BeLike "*Get-IoTThing -ThingGroupName $($s.B7) | Get-IoTJobExecution*"
        Get-Canceled $s.Job | Should -BeNullOrEmpty
    }

    It 'a CSV whose header is Device, beside -JobId, lists nothing and cancels nothing' {
        $f = New-Fleet -Count 3
        $csv = Join-Path $TestDrive 'devices.csv'
        $f.Things | ForEach-Object { [pscustomobject]@{ Device = $_ } } | Export-Csv -Path $csv
        $out = Import-Csv $csv | Get-IoTJobExecution -JobId $f.Job -ErrorVariable err -ErrorAction SilentlyContinue | Stop-IoTJobExecution -Confirm:$false
        $out | Should -BeNullOrEmpty
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "MissingThingName$GetExec"
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }
}

Describe 'Every shape of input follows the same rules' {
    It 'a hashtable whose ThingName and ThingArn disagree is a NameConflict, as the same PSCustomObject is' {
        $f = New-Fleet -Count 2
        $arn = "arn:aws:iot:us-east-1:123456789012:thing/$($f.Things[1])"
        @{ ThingName = $f.Things[0]; ThingArn = $arn; JobId = $f.Job } | Stop-IoTJobExecution -Confirm:$false -ErrorVariable h -ErrorAction SilentlyContinue
        [pscustomobject]@{ ThingName = $f.Things[0]; ThingArn = $arn; JobId = $f.Job } | Stop-IoTJobExecution -Confirm:$false -ErrorVariable p -ErrorAction SilentlyContinue
        $h[0].FullyQualifiedErrorId | Should -Be "NameConflict$Stop"
        $p[0].FullyQualifiedErrorId | Should -Be "NameConflict$Stop"
        Get-Canceled $f.Job | Should -BeNullOrEmpty
    }

    It 'a hashtable whose JobId and JobArn disagree cancels neither job' {
        $a = New-Fleet -Count 1
        $b = New-Fleet -Count 1
        @{ JobId = $a.Job; JobArn = "arn:aws:iot:us-east-1:123456789012:job/$($b.Job)" } | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "NameConflict$StopJob"
        (Get-IoTJob -JobId $a.Job).Status | Should -Be 'IN_PROGRESS'
        (Get-IoTJob -JobId $b.Job).Status | Should -Be 'IN_PROGRESS'
    }

    It 'JSON read with -AsHashtable whose keys differ only in case is refused, and no condition is dropped' {
        $f = New-Fleet -Count 1 -InProgress 0
        $json = '{"ThingName":"' + $f.Things[0] + '","JobId":"' + $f.Job + '","expectedVersion":"","ExpectedVersion":5}'
        $json | ConvertFrom-Json -AsHashtable | Stop-IoTJobExecution -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "CaseConflictingKeys$Stop"
        (Get-Status $f.Job)[$f.Things[0]] | Should -Be 'IN_PROGRESS'
    }

    It 'a blank ThingName beside a valid ThingArn takes the ARN' {
        $f = New-Fleet -Count 2
        $csv = Join-Path $TestDrive 'blank-name.csv'
        [pscustomobject]@{ ThingName = ''; ThingArn = "arn:aws:iot:us-east-1:123456789012:thing/$($f.Things[1])"; JobId = $f.Job } | Export-Csv -Path $csv
        $out = Import-Csv $csv | Stop-IoTJobExecution -Confirm:$false
        $out.ThingName | Should -Be $f.Things[1]
        Get-Canceled $f.Job | Should -Be @($f.Things[1])
    }
}

Describe 'Every output says what this command did' {
    It 'Outcome is Canceled on the first run and AlreadyCanceled on the next, and survives Export-Csv' {
        $f = New-Fleet -Count 3
        $csv = Join-Path $TestDrive 'audit.csv'
        Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution -Confirm:$false | Export-Csv -Path $csv
        $again = Join-Path $TestDrive 'audit-again.csv'
        $f.Things | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false | Export-Csv -Path $again
        @(Import-Csv $csv | ForEach-Object Outcome | Select-Object -Unique) | Should -Be 'Canceled'
        @(Import-Csv $again | ForEach-Object Outcome | Select-Object -Unique) | Should -Be 'AlreadyCanceled'
        # An audit that counts this command's cancels counts each execution once over both runs.
        @(Import-Csv $csv, $again | Where-Object Outcome -EQ 'Canceled').Count | Should -Be 3
        (Get-Canceled $f.Job).Count | Should -Be 3
    }

    It 'Stop-IoTJob says the same of jobs' {
        $f = New-Fleet -Count 1
        (Stop-IoTJob -JobId $f.Job -Confirm:$false).Outcome | Should -Be 'Canceled'
        (Stop-IoTJob -JobId $f.Job -Confirm:$false).Outcome | Should -Be 'AlreadyCanceled'
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'CANCELED'
    }
}

Describe 'The same execution named twice' {
    It 'with a different condition is an error; an exact duplicate is a verbose line' {
        $f = New-Fleet -Count 2 -InProgress 0
        $rows = [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; ExpectedVersion = '2' },
                [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; ExpectedVersion = '5' },
                [pscustomobject]@{ ThingName = $f.Things[1]; JobId = $f.Job },
                [pscustomobject]@{ ThingName = $f.Things[1]; JobId = $f.Job }
        $verbose = $rows | Stop-IoTJobExecution -Force -Confirm:$false -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "DuplicateWithDifferentCondition$Stop"
        $err[0].Exception.Message | Should -BeLike '*-ExpectedVersion 5*-ExpectedVersion 2*'
        ($verbose.Message -join "`n") | Should -Match "already handled earlier in this pipeline"
        (Get-Canceled $f.Job) | Should -Be @($f.Things | Sort-Object)
    }
}

Describe 'What a cancel does not do is said' {
    It 'one warning per CONTINUOUS job whose executions were canceled, naming Stop-IoTJob' {
        $s = New-TestSite -Endpoint $emu.Endpoint -TargetSelection CONTINUOUS
        $warnings = Get-IoTThing -ThingGroupName $s.B8 | Stop-IoTJobExecution -JobId $s.Job -Confirm:$false 3>&1 |
            Where-Object { $_ -is [System.Management.Automation.WarningRecord] }
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "*CONTINUOUS*4 of its executions*Stop-IoTJob -JobId $($s.Job)*"
        $server = Get-Status $s.Job
        foreach ($t in $s.B8Things) { $server[$t] | Should -Be 'CANCELED' }
        foreach ($t in $s.B7Things) { $server[$t] | Should -Be 'QUEUED' }
        # A SNAPSHOT job's cancels say nothing of the kind.
        $f = New-Fleet -Count 2
        $f.Things | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false -WarningVariable w | Out-Null
        $w | Should -BeNullOrEmpty
    }

    It 'a piped ExecutionNumber that is not the execution canceled is reported' {
        $f = New-Fleet -Count 1
        $out = [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; ExecutionNumber = 7 } | Stop-IoTJobExecution -Confirm:$false -WarningVariable w
        $out.ExecutionNumber | Should -Be 1
        $w[0] | Should -BeLike '*execution number 7*number 1*'
        Get-Canceled $f.Job | Should -Be @($f.Things[0])
    }
}

Describe 'A warning that ends the command comes after every applied cancel' {
    It 'with $WarningPreference = ''Stop'' and read-backs that are throttled, the set reported is the set canceled on the server' {
        $slow = Start-TestEmulator -ExtraArgs '--rate-limit', 'DescribeJobExecution=3'
        try {
            $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
            $things = @(1..60 | ForEach-Object { "ws-$_-$tag" })
            $null = Invoke-EmulatorSeed -Endpoint $slow.Endpoint -JobId "ws-$tag" -ThingName $things
            $reported = [System.Collections.Generic.List[string]]::new()
            $env:AWS_MAX_ATTEMPTS = '1'
            & {
                $WarningPreference = 'Stop'
                try { $things | Stop-IoTJobExecution -JobId "ws-$tag" -EndpointUrl $slow.Endpoint -Confirm:$false | ForEach-Object { $reported.Add($_.ThingName) } } catch { }
            }
            $view = Get-ServerExecutionStatus -Endpoint $slow.Endpoint -JobId "ws-$tag"
            $canceled = @($view.Keys | Where-Object { $view[$_] -eq 'CANCELED' } | Sort-Object)
            $canceled.Count | Should -BeGreaterThan 0
            @($reported | Sort-Object) | Should -Be $canceled
        }
        finally {
            Remove-Item Env:AWS_MAX_ATTEMPTS -ErrorAction SilentlyContinue
            Stop-TestEmulator $slow
        }
    }
}

Describe 'An ARN from another account never acts on this account''s namesake' {
    It 'rows exported from account 999999999999 are refused in a shell signed in to 123456789012, naming both accounts' {
        $f = New-Fleet -Count 3
        $csv = Join-Path $TestDrive 'prod.csv'
        $f.Things | ForEach-Object { [pscustomobject]@{ ThingArn = "arn:aws:iot:us-east-1:999999999999:thing/$_"; JobId = $f.Job } } | Export-Csv -Path $csv
        $out = Import-Csv $csv | Stop-IoTJobExecution -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err).Count | Should -Be 3
        @($err.FullyQualifiedErrorId | Select-Object -Unique) | Should -Be "AccountMismatch$Stop"
        $err[0].Exception.Message | Should -BeLike '*999999999999*123456789012*'
        Get-Canceled $f.Job | Should -BeNullOrEmpty
        # The same rows with this account's ARNs cancel (STS is asked once for the credentials, not per row).
        $sts = Get-Requests 'GetCallerIdentity'
        $f.Things | ForEach-Object { [pscustomobject]@{ ThingArn = "arn:aws:iot:us-east-1:123456789012:thing/$_"; JobId = $f.Job } } |
            Stop-IoTJobExecution -Confirm:$false | Should -HaveCount 3
        (Get-Requests 'GetCallerIdentity') - $sts | Should -Be 1
        (Get-Canceled $f.Job).Count | Should -Be 3
    }

    It 'Stop-IoTJob and the Get cmdlets refuse another account''s ARN too' {
        $f = New-Fleet -Count 1
        Stop-IoTJob -JobId "arn:aws:iot:us-east-1:999999999999:job/$($f.Job)" -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be "AccountMismatch$StopJob"
        Get-IoTJobExecution -JobId "arn:aws:iot:us-east-1:999999999999:job/$($f.Job)" -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be "AccountMismatch$GetExec"
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'IN_PROGRESS'
    }
}

Describe 'A cancel whose response was lost is never reported as a refusal' {
    BeforeEach { $null = Invoke-RestMethod -Method Delete -Uri "$($emu.Endpoint)/_emulator/fault-script" }
    AfterAll { $null = Invoke-RestMethod -Method Delete -Uri "$($emu.Endpoint)/_emulator/fault-script" }

    It 'applied, response lost, retry refused with ExpiredTokenException: reported as canceled, and the next items go on' {
        $f = New-Fleet -Count 3
        $script = @{ operation = 'CancelJobExecution'; faults = @('apply-then-drop', 'expired-token') } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/fault-script" -Body $script -ContentType 'application/json'
        $out = $f.Things | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        @($out.ThingName) | Should -Be $f.Things
        $out[0].Outcome | Should -Be 'Canceled'
        (Get-Canceled $f.Job).Count | Should -Be 3
    }

    It 'and when the read-back is refused too: CancelOutcomeUnknown, never AccessDenied; the execution is canceled on the server' {
        $f = New-Fleet -Count 1
        foreach ($s in @{ operation = 'CancelJobExecution'; faults = @('apply-then-drop', 'expired-token') },
                       @{ operation = 'DescribeJobExecution'; faults = @('expired-token') }) {
            $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/fault-script" -Body ($s | ConvertTo-Json) -ContentType 'application/json'
        }
        $f.Things | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be "CancelOutcomeUnknown$Stop"
        $err[0].Exception.Message | Should -BeLike '*may or may not have been applied*'
        Get-Canceled $f.Job | Should -Be @($f.Things[0])
    }

    It 'and when every read-back lags the cancel (emulator --consistency-lag-ms): CancelOutcomeUnknown, never a plain failure' {
        $lag = Start-TestEmulator -ExtraArgs '--consistency-lag-ms', '5000'
        try {
            $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
            $null = Invoke-EmulatorSeed -Endpoint $lag.Endpoint -JobId "lost-$tag" -ThingName "lost-1-$tag", "lost-2-$tag"
            $script = @{ operation = 'CancelJobExecution'; faults = @('apply-then-drop') } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri "$($lag.Endpoint)/_emulator/fault-script" -Body $script -ContentType 'application/json'
            $out = "lost-1-$tag", "lost-2-$tag" | Stop-IoTJobExecution -JobId "lost-$tag" -EndpointUrl $lag.Endpoint -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "CancelOutcomeUnknown$Stop"
            $err[0].Exception.Message | Should -BeLike "*lost-1-$tag*may or may not have been applied*still reports status QUEUED*"
            @($out.ThingName) | Should -Be "lost-2-$tag"
            $view = Get-ServerExecutionStatus -Endpoint $lag.Endpoint -JobId "lost-$tag"
            $view["lost-1-$tag"] | Should -Be 'CANCELED'
            $view["lost-2-$tag"] | Should -Be 'CANCELED'
        }
        finally { Stop-TestEmulator $lag }
    }

    It 'Stop-IoTJob: the same lost response is reported as the job canceled' {
        $f = New-Fleet -Count 2
        $script = @{ operation = 'CancelJob'; faults = @('apply-then-drop', 'expired-token') } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/fault-script" -Body $script -ContentType 'application/json'
        $job = Stop-IoTJob -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $job.Outcome | Should -Be 'Canceled'
        (Get-IoTJob -JobId $f.Job).Status | Should -Be 'CANCELED'
    }
}

Describe 'A role that may cancel but not describe' {
    AfterAll { $null = Invoke-RestMethod -Method Delete -Uri "$($emu.Endpoint)/_emulator/deny" }

    It 'gets every cancel applied and reported with a warning, and no later item is refused unsent' {
        $f = New-Fleet -Count 5
        $deny = @{ accessKey = 'test'; operations = @('DescribeJobExecution') } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/deny" -Body $deny -ContentType 'application/json'
        try {
            $out = $f.Things | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue
        }
        finally { $null = Invoke-RestMethod -Method Delete -Uri "$($emu.Endpoint)/_emulator/deny" }
        $err | Should -BeNullOrEmpty
        @($out.ThingName) | Should -Be $f.Things
        @($out.Outcome | Select-Object -Unique) | Should -Be 'Canceled'
        @($w).Count | Should -Be 5
        $w[0] | Should -BeLike '*reading the execution back failed (AccessDeniedException*'
        (Get-Canceled $f.Job).Count | Should -Be 5
    }

    It 'Stop-IoTJob: every job is canceled and reported, none refused unsent, when DescribeJob is denied' {
        $jobs = @(1..3 | ForEach-Object { (New-Fleet -Count 1).Job })
        $deny = @{ accessKey = 'test'; operations = @('DescribeJob') } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/deny" -Body $deny -ContentType 'application/json'
        try {
            $out = $jobs | Stop-IoTJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue
        }
        finally { $null = Invoke-RestMethod -Method Delete -Uri "$($emu.Endpoint)/_emulator/deny" }
        $err | Should -BeNullOrEmpty
        @($out.JobId) | Should -Be $jobs
        @($out.Outcome | Select-Object -Unique) | Should -Be 'Canceled'
        @($w).Count | Should -Be 3
        $w[0] | Should -BeLike '*accepted the cancel of job*reading the job back failed (AccessDeniedException*'
        foreach ($j in $jobs) { (Get-IoTJob -JobId $j).Status | Should -Be 'CANCELED' }
    }
}

Describe '-Detailed re-applies -Status to what the describe returned' -Skip:$NoAwsCli {
    It 'devices that start between the list and the describe are dropped: -ExpectedVersion with -Force never cancels them' {
        $f = New-Fleet -Count 5
        $started = $f.Things[2..4]
        $verbose = Join-Path $TestDrive 'detailed-verbose.txt'
        # One describe at a time, each written before the next is sent: the first object reaches ForEach-Object while
        # the other four are listed as QUEUED and not yet described. Three of those devices start right then.
        $first = $true
        $out = Get-IoTJobExecution -JobId $f.Job -Status QUEUED -Detailed -ThrottleLimit 1 -Verbose 4> $verbose |
            ForEach-Object {
                if ($first) {
                    $first = $false
                    foreach ($t in $started) { $null = Invoke-AwsCli -Endpoint $emu.Endpoint iot-jobs-data update-job-execution --job-id $f.Job --thing-name $t --status IN_PROGRESS }
                }
                $_
            } | Stop-IoTJobExecution -ExpectedVersion { $_.VersionNumber } -Force -Confirm:$false
        @($out.ThingName) | Should -Be $f.Things[0..1]
        $said = Get-Content -Raw $verbose
        foreach ($t in $started) { $said | Should -BeLike "*'$t'*IN_PROGRESS now, not QUEUED*" }
        $server = Get-Status $f.Job
        foreach ($t in $f.Things[0..1]) { $server[$t] | Should -Be 'CANCELED' }
        foreach ($t in $started) { $server[$t] | Should -Be 'IN_PROGRESS' }
    }
}

Describe 'Whatever stream''s preference ends the command, what was reported is what the server canceled' {
    BeforeAll {
        # CANCELED shows in a describe only 2.5 s after the cancel, longer than the read-back waits: every cancel comes
        # with a warning, and the run is slow enough that many are in flight when something ends it.
        $lag = Start-TestEmulator -ExtraArgs '--consistency-lag-ms', '2500'
    }
    AfterAll { Stop-TestEmulator $lag }

    It 'with <Setup><Parameters>' -ForEach @(
        @{ Setup = '$WarningPreference = ''Stop'''; Parameters = '' }
        @{ Setup = ''; Parameters = '-WarningAction Stop' }
        @{ Setup = '$VerbosePreference = ''Stop'''; Parameters = ''; EndsBeforeSending = $true }
        @{ Setup = ''; Parameters = '-InformationAction Stop' }
        @{ Setup = '$DebugPreference = ''Stop'''; Parameters = '' }
        @{ Setup = '$ProgressPreference = ''Stop'''; Parameters = '' }
        @{ Setup = '$ErrorActionPreference = ''Stop'''; Parameters = '' }
        @{ Setup = ''; Parameters = '-ErrorAction Stop' }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..30 | ForEach-Object { "lag-$_-$tag" })
        $null = Invoke-EmulatorSeed -Endpoint $lag.Endpoint -JobId "lag-$tag" -ThingName $things -InProgress $things[11]
        $reported = [System.Collections.Generic.List[string]]::new()
        # Warnings are silenced where they are not the stream under test (every cancel here has one).
        $quiet = if ("$Setup$Parameters" -notmatch 'Warning') { '-WarningAction SilentlyContinue' } else { '' }
        $run = [scriptblock]::Create("param(`$things, `$job, `$endpoint, `$reported) $Setup; try { `$things | Stop-IoTJobExecution -JobId `$job -EndpointUrl `$endpoint -Confirm:`$false $Parameters $quiet | ForEach-Object { `$reported.Add(`$_.ThingName) } } catch { }")
        & $run $things "lag-$tag" $lag.Endpoint $reported
        $view = Get-ServerExecutionStatus -Endpoint $lag.Endpoint -JobId "lag-$tag"
        $canceled = @($view.Keys | Where-Object { $view[$_] -eq 'CANCELED' } | Sort-Object)
        # (The first verbose line, where the credentials came from, ends the command before anything is sent.)
        if (-not $EndsBeforeSending) { $canceled.Count | Should -BeGreaterThan 0 }
        @($reported | Sort-Object) | Should -Be $canceled
    }
}
