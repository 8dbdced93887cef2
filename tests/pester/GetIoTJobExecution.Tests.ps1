# Get-IoTJobExecution as users run it: the built module in a child pwsh, against the emulator process (and moto).
# Every mode, every binding path both as a parameter and piped, paging, early stop, errors, region, views.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:HaveMoto = Test-AwsCli
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $fqid = ',IoTJobs.PowerShell.Cmdlets.GetIoTJobExecutionCommand'

    # Seeds one job on new things through the admin endpoint; returns the job id and thing names.
    function New-SeededJob {
        param([int] $Count = 2, [int[]] $InProgress = @())
        $job = 'job-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "$job-t$_" })
        $body = @{ jobId = $job; thingNames = $things; inProgress = @($InProgress | ForEach-Object { $things[$_] }) } | ConvertTo-Json -Compress
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body $body -ContentType 'application/json'
        [pscustomobject]@{ JobId = $job; Things = $things }
    }
    function Get-RequestCount([string] $Operation) {
        $stats = Get-EmulatorStats -Endpoint $emu.Endpoint
        $p = $stats.requests.PSObject.Properties[$Operation]
        if ($p) { [long]$p.Value } else { 0L }
    }
    $arn = 'arn:aws:iot:us-east-1:123456789012'
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Get-IoTJobExecution modes' {
    It 'describes a pair with full detail (-ThingName and -JobId)' {
        $s = New-SeededJob -Count 2 -InProgress 1
        $e = Get-IoTJobExecution -ThingName $s.Things[1] -JobId $s.JobId
        $e | Should -HaveCount 1
        $e.GetType().FullName | Should -Be 'IoTJobs.PowerShell.Output.JobExecution'
        $e.Status | Should -Be 'IN_PROGRESS'
        $e.VersionNumber | Should -Not -BeNullOrEmpty
        $e.ThingName | Should -Be $s.Things[1]
        $e.Region | Should -Be 'us-east-1'
    }

    It 'describes every pair of two arrays' {
        $s = New-SeededJob -Count 3
        $r = Get-IoTJobExecution -ThingName $s.Things -JobId $s.JobId
        @($r.ThingName) | Should -Be $s.Things
    }

    It 'lists a job''s executions across pages, filling ThingName and leaving VersionNumber null' {
        $s = New-SeededJob -Count 5
        $before = Get-RequestCount ListJobExecutionsForJob
        $r = Get-IoTJobExecution -JobId $s.JobId -PageSize 2
        @($r.ThingName | Sort-Object) | Should -Be $s.Things
        $r | ForEach-Object { $_.JobId | Should -Be $s.JobId; $_.VersionNumber | Should -BeNullOrEmpty }
        (Get-RequestCount ListJobExecutionsForJob) - $before | Should -Be 3
    }

    It 'lists a thing''s executions, filling ThingName from the request' {
        $s = New-SeededJob -Count 1
        $r = Get-IoTJobExecution -ThingName $s.Things[0]
        $r.JobId | Should -Be $s.JobId
        $r.ThingName | Should -Be $s.Things[0]
    }

    It 'filters lists by -Status on the server' {
        $s = New-SeededJob -Count 4 -InProgress 0, 3
        @(Get-IoTJobExecution -JobId $s.JobId -Status IN_PROGRESS).ThingName | Should -Be @($s.Things[0], $s.Things[3])
        @(Get-IoTJobExecution -JobId $s.JobId -Status QUEUED) | Should -HaveCount 2
    }

    It '-Detailed describes each listed execution so VersionNumber is there' {
        $s = New-SeededJob -Count 3
        $before = Get-RequestCount DescribeJobExecution
        $r = Get-IoTJobExecution -JobId $s.JobId -Detailed
        $r | Should -HaveCount 3
        $r | ForEach-Object { $_.VersionNumber | Should -Not -BeNullOrEmpty }
        (Get-RequestCount DescribeJobExecution) - $before | Should -Be 3
    }

    It 'stops paging when Select-Object -First has enough' {
        $s = New-SeededJob -Count 10
        $before = Get-RequestCount ListJobExecutionsForJob
        Get-IoTJobExecution -JobId $s.JobId -PageSize 2 | Select-Object -First 3 | Should -HaveCount 3
        (Get-RequestCount ListJobExecutionsForJob) - $before | Should -Be 2
    }
}

Describe 'Get-IoTJobExecution binding paths' {
    BeforeAll {
        $s = New-SeededJob -Count 2
        $job = $s.JobId
        $t0 = $s.Things[0]
        $t1 = $s.Things[1]
    }

    It 'binds a piped Job (JobId) and lists its executions' {
        @(Get-IoTJob -JobId $job | Get-IoTJobExecution).ThingName | Sort-Object | Should -Be @($t0, $t1)
    }

    It 'binds a piped Thing (ThingName) and lists its executions' {
        (Get-IoTThing -ThingName $t1 | Get-IoTJobExecution).JobId | Should -Be $job
    }

    It 'binds piped JobExecutions (both names) and describes them' {
        $r = Get-IoTJobExecution -JobId $job | Get-IoTJobExecution
        $r | Should -HaveCount 2
        $r | ForEach-Object { $_.VersionNumber | Should -Not -BeNullOrEmpty }
    }

    It 'binds piped strings as thing names, or as job ids when -ThingName is given' {
        @($t0, $t1 | Get-IoTJobExecution -JobId $job).ThingName | Should -Be @($t0, $t1)
        ($t0 | Get-IoTJobExecution).JobId | Should -Be $job
        ($job | Get-IoTJobExecution -ThingName $t1).ThingName | Should -Be $t1
    }

    It 'binds lines from Get-Content as thing names' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-$([guid]::NewGuid()).txt"
        try {
            Set-Content -Path $file -Value $t0, $t1
            @(Get-Content $file | Get-IoTJobExecution -JobId $job).ThingName | Should -Be @($t0, $t1)
        } finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'binds piped ARN strings by their kind' {
        @("$arn`:job/$job" | Get-IoTJobExecution) | Should -HaveCount 2
        ("$arn`:thing/$t0" | Get-IoTJobExecution -JobId $job).ThingName | Should -Be $t0
    }

    It 'takes ARNs as parameters' {
        (Get-IoTJobExecution -ThingName "$arn`:thing/$t0" -JobId "$arn`:job/$job").ThingName | Should -Be $t0
    }

    It 'binds CSV rows by column (ConvertFrom-Csv and Import-Csv)' {
        $rows = "ThingName,JobId`n$t0,$job`n$t1,$job" | ConvertFrom-Csv
        $r = $rows | Get-IoTJobExecution
        @($r.ThingName) | Should -Be @($t0, $t1)
        $r | ForEach-Object { $_.VersionNumber | Should -Not -BeNullOrEmpty }
        $file = Join-Path ([IO.Path]::GetTempPath()) "iotjobs-$([guid]::NewGuid()).csv"
        try {
            "JobId`n$job" | Set-Content $file
            @(Import-Csv $file | Get-IoTJobExecution) | Should -HaveCount 2
        } finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'binds AWS.Tools-shaped objects: ThingArn + nested JobExecutionSummary, JobArn, JobId + ThingArn' {
        $forJob = [pscustomobject]@{ ThingArn = "$arn`:thing/$t0"; JobExecutionSummary = [pscustomobject]@{ ExecutionNumber = [long]1; Status = 'QUEUED' } }
        $r = $forJob | Get-IoTJobExecution -JobId $job
        $r.ThingName | Should -Be $t0
        $r.ExecutionNumber | Should -Be 1
        $r.VersionNumber | Should -Not -BeNullOrEmpty
        @([pscustomobject]@{ JobArn = "$arn`:job/$job"; Status = 'IN_PROGRESS' } | Get-IoTJobExecution) | Should -HaveCount 2
        $execution = [pscustomobject]@{ JobId = $job; ThingArn = "$arn`:thing/$t1"; ExecutionNumber = [long]1; VersionNumber = [long]1 }
        ($execution | Get-IoTJobExecution).ThingName | Should -Be $t1
    }

    It 'refuses an ARN of the wrong kind before any request' {
        $before = Get-RequestCount ListJobExecutionsForThing
        { Get-IoTJobExecution -ThingName "$arn`:job/$job" -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,IoTJobs.PowerShell.Cmdlets.GetIoTJobExecutionCommand'
        Get-RequestCount ListJobExecutionsForThing | Should -Be $before
    }
}

Describe 'Get-IoTJobExecution errors' {
    It 'writes JobExecutionNotFound for a missing pair and goes on with the rest' {
        $s = New-SeededJob -Count 2
        $r = $s.Things[0], 'no-such-thing', $s.Things[1] | Get-IoTJobExecution -JobId $s.JobId -ErrorVariable err -ErrorAction SilentlyContinue
        @($r.ThingName) | Should -Be @($s.Things[0], $s.Things[1])
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be "JobExecutionNotFound$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be "no-such-thing/$($s.JobId)"
        $err[0].Exception.ThingName | Should -Be 'no-such-thing'
    }

    It 'writes JobNotFound and ThingNotFound for lists of unknown names' {
        $null = Get-IoTJobExecution -JobId 'no-such-job' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "JobNotFound$fqid"
        $null = Get-IoTJobExecution -ThingName 'no-such-thing' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "ThingNotFound$fqid"
    }

    It 'validates names against the service limits before any request, naming the value' {
        $before = Get-RequestCount DescribeJobExecution
        { Get-IoTJobExecution -ThingName 'has space' -JobId j1 -ErrorAction Stop } | Should -Throw "*'has space'*"
        { Get-IoTJobExecution -JobId ('x' * 65) -ErrorAction Stop } | Should -Throw '*65 characters*'
        Get-RequestCount DescribeJobExecution | Should -Be $before
    }

    It 'says what to give when no name is given' {
        { Get-IoTJobExecution } | Should -Throw -ErrorId "MissingThingNameOrJobId$fqid"
    }
}

Describe 'Get-IoTJobExecution region and views' {
    It 'keeps a piped object''s Region: the request is signed for it and the output carries it' {
        $eu = Start-TestEmulator -ExtraArgs '--region', 'eu-west-1'
        try {
            $null = Invoke-RestMethod -Method Post -Uri "$($eu.Endpoint)/_emulator/seed" -ContentType 'application/json' -Body '{"jobId":"eu-job","thingNames":["eu-thing"]}'
            $listed = Get-IoTJobExecution -JobId eu-job -Region eu-west-1 -EndpointUrl $eu.Endpoint
            $listed.Region | Should -Be 'eu-west-1'
            # The session default is us-east-1; the piped objects' eu-west-1 wins, or the eu-only endpoint would refuse (403).
            $described = $listed | Get-IoTJobExecution -EndpointUrl $eu.Endpoint
            $described.Region | Should -Be 'eu-west-1'
            $described.VersionNumber | Should -Not -BeNullOrEmpty
            $refused = [pscustomobject]@{ ThingName = 'eu-thing'; JobId = 'eu-job' } | Get-IoTJobExecution -EndpointUrl $eu.Endpoint -ErrorVariable err -ErrorAction SilentlyContinue
            $refused | Should -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -Be "AccessDenied$fqid"
        } finally { Stop-TestEmulator $eu }
    }

    It 'renders the default table with the columns an admin scans' {
        $s = New-SeededJob -Count 2 -InProgress 0
        $text = Get-IoTJobExecution -JobId $s.JobId -Detailed | Out-String -Width 200
        foreach ($column in 'ThingName', 'JobId', 'Status', 'Version', 'LastUpdatedAt') { $text | Should -Match $column }
        $text | Should -Match 'IN_PROGRESS'
        $text | Should -Not -Match 'StatusDetails'
    }

    It 'declares its output type' {
        (Get-Command Get-IoTJobExecution).OutputType.Name | Should -Contain 'IoTJobs.PowerShell.Output.JobExecution'
    }

    It 'offers the statuses on tab completion' {
        $line = 'Get-IoTJobExecution -Status IN_'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'IN_PROGRESS'
    }
}

Describe 'Get-IoTJobExecution against moto (third-party server)' -Skip:(-not $HaveMoto) {
    BeforeAll {
        $moto = Start-TestMoto
        $ma = 'arn:aws:iot:us-east-1:123456789012:thing'
        foreach ($t in 'moto-a', 'moto-b') { $null = Invoke-AwsCli -Endpoint $moto.Endpoint iot create-thing --thing-name $t }
        $null = Invoke-AwsCli -Endpoint $moto.Endpoint iot create-job --job-id moto-job --targets "$ma/moto-a" "$ma/moto-b" --document '{"op":"reboot"}'
    }
    AfterAll { Stop-TestMoto $moto }

    It 'lists the executions moto created through the AWS CLI' {
        $r = Get-IoTJobExecution -JobId moto-job -EndpointUrl $moto.Endpoint
        @($r.ThingName | Sort-Object) | Should -Be @('moto-a', 'moto-b')
        $r | ForEach-Object { $_.JobId | Should -Be 'moto-job'; $_.Status | Should -Be 'QUEUED' }
        (Get-IoTJobExecution -ThingName moto-a -EndpointUrl $moto.Endpoint).JobId | Should -Be 'moto-job'
    }

    It 'describes an execution moto created, with the version the AWS CLI sees' {
        $cli = Invoke-AwsCli -Endpoint $moto.Endpoint iot describe-job-execution --job-id moto-job --thing-name moto-b
        $e = Get-IoTJobExecution -ThingName moto-b -JobId moto-job -EndpointUrl $moto.Endpoint
        $e.Status | Should -Be $cli.execution.status
        $e.VersionNumber | Should -Be $cli.execution.versionNumber
        $e.ExecutionNumber | Should -Be $cli.execution.executionNumber
    }

    It 'reports a missing execution on moto as JobExecutionNotFound' {
        $null = Get-IoTJobExecution -ThingName moto-a -JobId no-such-job -EndpointUrl $moto.Endpoint -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "JobExecutionNotFound$fqid"
    }
}
