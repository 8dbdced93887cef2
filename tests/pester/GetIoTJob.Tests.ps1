# Get-IoTJob as users run it: the built module in a child pwsh against the emulator process.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $fqid = ',IoTJobs.PowerShell.Cmdlets.GetIoTJobCommand'
    $arn = 'arn:aws:iot:us-east-1:123456789012'

    function New-SeededJob {
        param([int] $Count = 2, [int[]] $InProgress = @())
        $job = 'job-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = @(1..$Count | ForEach-Object { "$job-t$_" })
        $body = @{ jobId = $job; thingNames = $things; inProgress = @($InProgress | ForEach-Object { $things[$_] }) } | ConvertTo-Json -Compress
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body $body -ContentType 'application/json'
        $job
    }
    function Get-RequestCount([string] $Operation) {
        $p = (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.PSObject.Properties[$Operation]
        if ($p) { [long]$p.Value } else { 0L }
    }
    $j1 = New-SeededJob -Count 3 -InProgress 0
    $j2 = New-SeededJob -Count 1
}

AfterAll { Stop-TestEmulator $emu }

Describe 'Get-IoTJob' {
    It 'describes several jobs with their execution counts' {
        $r = Get-IoTJob -JobId $j1, $j2
        @($r.JobId) | Should -Be @($j1, $j2)
        $r[0].GetType().FullName | Should -Be 'IoTJobs.PowerShell.Output.Job'
        $r[0].QueuedCount | Should -Be 2
        $r[0].InProgressCount | Should -Be 1
        $r[0].Region | Should -Be 'us-east-1'
    }

    It 'lists jobs and filters by -Status on the server' {
        @(Get-IoTJob).JobId | Should -Contain $j2
        @(Get-IoTJob -Status IN_PROGRESS).JobId | Should -Contain $j1
        @(Get-IoTJob -Status CANCELED).JobId | Should -Not -Contain $j1
        @(Get-IoTJob -TargetSelection SNAPSHOT).JobId | Should -Contain $j1
    }

    It 'pages (-PageSize) and stops early under Select-Object -First' {
        1..4 | ForEach-Object { $null = New-SeededJob -Count 1 }
        $before = Get-RequestCount ListJobs
        Get-IoTJob -PageSize 2 | Select-Object -First 3 | Should -HaveCount 3
        (Get-RequestCount ListJobs) - $before | Should -Be 2
    }

    It 'binds piped strings, ARNs, CSV rows, job executions and AWS.Tools-shaped objects' {
        ($j1 | Get-IoTJob).JobId | Should -Be $j1
        (Get-IoTJob -JobId "$arn`:job/$j2").JobId | Should -Be $j2
        ("JobId`n$j2" | ConvertFrom-Csv | Get-IoTJob).JobId | Should -Be $j2
        @(Get-IoTJobExecution -JobId $j2 | Get-IoTJob).JobId | Should -Be @($j2)
        ([pscustomobject]@{ JobArn = "$arn`:job/$j1" } | Get-IoTJob).JobId | Should -Be $j1
    }

    It 'pipes its jobs into Get-IoTJobExecution' {
        @(Get-IoTJob -JobId $j1 | Get-IoTJobExecution) | Should -HaveCount 3
    }

    It 'writes JobNotFound for a missing job and goes on' {
        $r = 'no-such-job', $j2 | Get-IoTJob -ErrorVariable err -ErrorAction SilentlyContinue
        $r.JobId | Should -Be $j2
        $err[0].FullyQualifiedErrorId | Should -Be "JobNotFound$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'no-such-job'
    }

    It 'validates before any request' {
        $before = Get-RequestCount DescribeJob
        { Get-IoTJob -JobId 'bad.id' -ErrorAction Stop } | Should -Throw "*'bad.id'*"
        { Get-IoTJob -Status Unknown } | Should -Throw -ErrorId "InvalidStatus$fqid"
        Get-RequestCount DescribeJob | Should -Be $before
    }

    It 'renders the default table' {
        $text = Get-IoTJob -JobId $j1 | Out-String -Width 200
        foreach ($c in 'JobId', 'Status', 'Queued', 'InProgress', 'LastUpdatedAt', 'Region') { $text | Should -Match $c }
        $text | Should -Match $j1
    }
}
