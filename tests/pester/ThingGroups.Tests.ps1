# Fleets as users run them: thing groups through the built module in a fresh pwsh against emulator processes, one
# instant and one canceling at a pace like AWS. What was canceled is asserted on the server (GET /_emulator/executions).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint

    function New-Site { New-TestSite @args }
    function Get-ServerStatus([string] $Endpoint, [string] $JobId) { Get-ServerExecutionStatus -Endpoint $Endpoint -JobId $JobId }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Stopping a rollout for one group' {
    It 'Get-IoTThing -ThingGroupName building-7 | Stop-IoTJobExecution -JobId fw -Confirm:$false cancels exactly that group''s executions' {
        $s = New-Site -Endpoint $emu.Endpoint
        $out = @(Get-IoTThing -ThingGroupName $s.B7 | Stop-IoTJobExecution -JobId $s.Job -Confirm:$false)
        $out.Count | Should -Be 4
        @($out.Status | Sort-Object -Unique) | Should -Be @('CANCELED')
        $server = Get-ServerStatus $emu.Endpoint $s.Job
        foreach ($t in $s.B7Things) { $server[$t] | Should -Be 'CANCELED' }
        foreach ($t in $s.FloorThings + $s.B8Things) { $server[$t] | Should -Be 'QUEUED' -Because "$t is not in $($s.B7) itself" }
        (Get-IoTJob -JobId $s.Job).Status | Should -Be 'IN_PROGRESS'
    }

    It 'with -Recursive the subgroups too, and Get-IoTThingGroup building-* | Get-IoTThing | Stop-IoTJobExecution reads naturally' {
        $s = New-Site -Endpoint $emu.Endpoint
        $out = @(Get-IoTThing -ThingGroupName $s.B7 -Recursive | Stop-IoTJobExecution -JobId $s.Job -Confirm:$false)
        $out.Count | Should -Be 6
        $server = Get-ServerStatus $emu.Endpoint $s.Job
        foreach ($t in $s.B7Things + $s.FloorThings) { $server[$t] | Should -Be 'CANCELED' }
        foreach ($t in $s.B8Things) { $server[$t] | Should -Be 'QUEUED' }

        $s2 = New-Site -Endpoint $emu.Endpoint
        $all = @(Get-IoTThingGroup "building-*-$($s2.Tag)" | Get-IoTThing | Stop-IoTJobExecution -JobId $s2.Job -Confirm:$false)
        $all.Count | Should -Be 8
        $server = Get-ServerStatus $emu.Endpoint $s2.Job
        foreach ($t in $s2.B7Things + $s2.B8Things) { $server[$t] | Should -Be 'CANCELED' }
        foreach ($t in $s2.FloorThings) { $server[$t] | Should -Be 'QUEUED' -Because 'floor-2 does not match building-*' }
    }

    It 'groups round-trip through Export-Csv and Start-Job and still bind to Get-IoTThing by ThingGroupName' {
        $s = New-Site -Endpoint $emu.Endpoint
        $csv = Join-Path ([System.IO.Path]::GetTempPath()) "groups-$($s.Tag).csv"
        try {
            Get-IoTThingGroup -ParentGroupName $s.Site | Export-Csv -Path $csv
            $names = @(Import-Csv $csv | Get-IoTThing | ForEach-Object ThingName)
            $names.Count | Should -Be 8
            $names | Should -Contain $s.B8Things[0]
        }
        finally { Remove-Item $csv -ErrorAction SilentlyContinue }

        $module = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
        $groups = Start-Job -ScriptBlock {
            param($module, $endpoint, $name)
            Import-Module $module
            Get-IoTThingGroup $name -EndpointUrl $endpoint -AccessKey test -SecretKey test -Region us-east-1
        } -ArgumentList $module, $emu.Endpoint, $s.Floor | Receive-Job -Wait -AutoRemoveJob
        $groups.ThingGroupName | Should -Be $s.Floor
        $groups.ParentGroupName | Should -Be $s.B7
        @($groups | Get-IoTThing).ThingName | Should -Be $s.FloorThings
    }
}

Describe 'A thing group never cancels by its name' {
    It 'piped to Stop-IoTJobExecution -JobId or to Stop-IoTJob, it cancels nothing on the server (even with a thing and a job named like it)' {
        $s = New-Site -Endpoint $emu.Endpoint
        # The worst case for a group turned into text: a thing and a job both named exactly like the group, with a
        # QUEUED execution of that job on that thing.
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $s.B7 -ThingName $s.B7
        $before = Get-EmulatorStats -Endpoint $emu.Endpoint

        Get-IoTThingGroup $s.B7 | Stop-IoTJobExecution -JobId $s.B7 -Force -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e1 | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -Be 'ThingGroupPipedToStopJobExecution,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        Get-IoTThingGroup $s.B7 | Stop-IoTJob -Force -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e2 | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'ThingGroupPipedToStopJob,IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand'
        Get-IoTThingGroup $s.B7 | Export-Clixml -Path TestDrive:/group.xml
        Import-Clixml TestDrive:/group.xml | Stop-IoTJobExecution -JobId $s.B7 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e3 | Should -BeNullOrEmpty
        $e3.Count | Should -BeGreaterThan 0

        $after = Get-EmulatorStats -Endpoint $emu.Endpoint
        ($after.requests.CancelJobExecution ?? 0) | Should -Be ($before.requests.CancelJobExecution ?? 0)
        ($after.requests.CancelJob ?? 0) | Should -Be ($before.requests.CancelJob ?? 0)
        $server = Get-ServerStatus $emu.Endpoint $s.Job
        @($server.Values | Sort-Object -Unique) | Should -Be @('QUEUED')
        (Get-ServerStatus $emu.Endpoint $s.B7)[$s.B7] | Should -Be 'QUEUED'
        (Get-IoTJob -JobId $s.B7).Status | Should -Be 'IN_PROGRESS'
    }

    It 'a row naming a thing and its group, through Get-IoTThing, cancels nothing (it never becomes the whole group)' {
        # An inventory CSV has ThingName and ThingGroupName columns; PowerShell binds the row to -ThingGroupName.
        $s = New-Site -Endpoint $emu.Endpoint
        $csv = Join-Path $TestDrive "inventory-$($s.Tag).csv"
        [pscustomobject]@{ ThingName = $s.B7Things[0]; ThingGroupName = $s.B7 } | Export-Csv -Path $csv
        $out = @(Import-Csv $csv | Get-IoTThing -ErrorAction SilentlyContinue -ErrorVariable e |
            Stop-IoTJobExecution -JobId $s.Job -Confirm:$false)
        $out.Count | Should -Be 0
        $e[0].FullyQualifiedErrorId | Should -Be 'ThingAndThingGroupPiped,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand'
        $e[0].Exception.Message | Should -Match ([regex]::Escape($s.B7Things[0]))
        $e[0].Exception.Message | Should -Match ([regex]::Escape($s.B7))
        @((Get-ServerStatus $emu.Endpoint $s.Job).Values | Sort-Object -Unique) | Should -Be @('QUEUED')
    }

    It 'names piped beside a typed -ThingGroupName or -ParentGroupName are errors, not the whole group' {
        $s = New-Site -Endpoint $emu.Endpoint
        $out = @($s.B7Things[0] | Get-IoTThing -ThingGroupName $s.B7 -ErrorAction SilentlyContinue -ErrorVariable e1 |
            Stop-IoTJobExecution -JobId $s.Job -Confirm:$false)
        $out.Count | Should -Be 0
        $e1[0].FullyQualifiedErrorId | Should -Be 'PipedInputWithThingGroupName,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand'
        $out = @($s.B7 | Get-IoTThingGroup -ParentGroupName $s.Site -ErrorAction SilentlyContinue -ErrorVariable e2 |
            Get-IoTThing | Stop-IoTJobExecution -JobId $s.Job -Confirm:$false)
        $out.Count | Should -Be 0
        $e2[0].FullyQualifiedErrorId | Should -Be 'PipedInputWithoutThingGroupName,IoTJobs.PowerShell.Cmdlets.GetIoTThingGroupCommand'
        @((Get-ServerStatus $emu.Endpoint $s.Job).Values | Sort-Object -Unique) | Should -Be @('QUEUED')
    }
}

Describe 'Stop-IoTJob -Wait against a service that cancels at a pace' {
    BeforeAll {
        # 100 cancels a second: a 300-execution job takes about 3 s, like 300 devices take 18 s on AWS.
        $paced = Start-TestEmulator -ExtraArgs '--job-cancel-rate', '100'
    }
    AfterAll { Stop-TestEmulator $paced }

    It 'under runbook preferences it returns the job once the service has finished, with the final counts' {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $things = @(1..300 | ForEach-Object { "w$_-$tag" })
        $null = Invoke-EmulatorGroupSeed -Endpoint $paced.Endpoint -ThingName $things -ThingGroupName "wave-$tag" -JobId "fw-$tag" -TargetThingGroup "wave-$tag"
        $verbose = Join-Path $TestDrive 'wait-verbose.txt'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$((Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path)'
`$j = Stop-IoTJob -JobId fw-$tag -Wait -Confirm:`$false -EndpointUrl $($paced.Endpoint) -AccessKey test -SecretKey test -Region us-east-1 -Verbose 4> '$verbose'
"{0}|{1}|{2}|{3}" -f `$j.Status, `$j.IsConcurrent, `$j.CanceledCount, `$j.QueuedCount
"@
        Set-Content -Path TestDrive:/runbook.ps1 -Value $script
        $described = (Get-EmulatorStats -Endpoint $paced.Endpoint).requests.DescribeJob
        # A runbook: non-interactive, stdin redirected (nothing to read), errors stop it.
        $line = '' | & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Get-Item TestDrive:/runbook.ps1).FullName 2>&1
        $LASTEXITCODE | Should -Be 0
        ($line | Select-Object -Last 1) | Should -Be 'CANCELED|False|300|0'
        # The service was still canceling when CancelJob returned (300 at 100 a second), and -Wait followed it to the end:
        # the job read before and after the cancel, then polled at least once more.
        $said = Get-Content -Raw $verbose
        $said | Should -Match "Waiting for the service to cancel the executions of job 'fw-$tag'"
        $said | Should -Match "The service has finished canceling job 'fw-$tag' in us-east-1 after [\d.]+ s: 300 execution\(s\) canceled"
        (Get-EmulatorStats -Endpoint $paced.Endpoint).requests.DescribeJob - $described | Should -BeGreaterOrEqual 3
        $server = Get-ServerStatus $paced.Endpoint "fw-$tag"
        @($server.Values | Sort-Object -Unique) | Should -Be @('CANCELED')
    }

    It 'without -Wait it returns at once with the job CANCELED and IsConcurrent true, the counts still moving' {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $things = @(1..300 | ForEach-Object { "n$_-$tag" })
        $null = Invoke-EmulatorSeed -Endpoint $paced.Endpoint -JobId "fw-$tag" -ThingName $things
        $job = Stop-IoTJob -JobId "fw-$tag" -Confirm:$false -EndpointUrl $paced.Endpoint
        $job.Status | Should -Be 'CANCELED'
        $job.IsConcurrent | Should -BeTrue
        $job.CanceledCount | Should -BeLessThan 300
        Start-Sleep -Milliseconds 600
        $later = Get-IoTJob -JobId "fw-$tag" -EndpointUrl $paced.Endpoint
        $later.CanceledCount | Should -BeGreaterThan $job.CanceledCount
    }
}
