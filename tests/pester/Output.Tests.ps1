# What the cmdlets' objects look like to the rest of PowerShell: Export-Csv / Import-Csv and ConvertTo-Json lose nothing
# (status details, attributes and targets become readable text and come back), the default tables fit 80 columns
# (Out-String -Width 80 here; tests/pester/Terminal.Tests.ps1 checks a real 80-column terminal), thing names that start
# with "arn:" are names, and the console's error view shows no request id dressed up as a recommendation.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint

    function New-Fleet([int] $Count = 2, [string[]] $Names, [int[]] $InProgress = @(), [hashtable] $Attributes = @{}) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $things = if ($Names) { $Names } else { @(1..$Count | ForEach-Object { "out-$tag-$_" }) }
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "job-$tag" -ThingName $things -InProgress @($InProgress | ForEach-Object { $things[$_] }) -ThingTypeName "type-$tag" -Attributes $Attributes
        [pscustomobject]@{ Job = "job-$tag"; Things = @($things); Type = "type-$tag" }
    }

    function Get-ServerStatus([string] $JobId) {
        $map = @{}
        foreach ($e in (Invoke-RestMethod "$($emu.Endpoint)/_emulator/executions?jobId=$JobId").executions) { $map[$e.thingName] = $e.status }
        $map
    }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Export-Csv and ConvertTo-Json keep everything' {
    It 'writes StatusDetails as key=value;key=value, and the text reads back into the same map' {
        $f = New-Fleet -Count 1
        $details = [ordered]@{ reason = 'rollback'; by = 'ops'; note = 'a;b=c\d' }
        $path = Join-Path $TestDrive 'canceled.csv'
        Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution -StatusDetails $details | Export-Csv -Path $path

        (Get-Content -Raw $path) | Should -Not -Match 'System\.Collections|ReadOnlyDictionary|StringMap'
        $row = Import-Csv -Path $path
        $row.StatusDetails | Should -BeExactly 'by=ops;note=a\;b=c\\d;reason=rollback'   # keys in ordinal order
        $back = [IoTJobs.PowerShell.Output.StringMap]$row.StatusDetails
        $back.Count | Should -Be 3
        foreach ($k in $details.Keys) { $back[$k] | Should -BeExactly $details[$k] }
    }

    It 'takes the CSV text back as -StatusDetails (a record replayed with the same details), and checks it like a hashtable' {
        $f = New-Fleet -Count 2
        $record = Join-Path $TestDrive 'first.csv'
        Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] -StatusDetails @{ reason = 'rollback'; ticket = 'OPS-1' } | Export-Csv -Path $record
        $row = Import-Csv -Path $record

        $out = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[1] -StatusDetails $row.StatusDetails
        $out.StatusDetails['reason'] | Should -Be 'rollback'
        $out.StatusDetails['ticket'] | Should -Be 'OPS-1'
        $server = Invoke-RestMethod "$($emu.Endpoint)/_emulator/executions?jobId=$($f.Job)"
        @($server.executions | Where-Object status -eq 'CANCELED').Count | Should -Be 2

        { Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[1] -StatusDetails 'rollback' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand' -ExpectedMessage '*key=value*'
        { Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[1] -StatusDetails 'bad key=x' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*'bad key'*"
    }

    It 'never takes status details from piped rows: a StatusDetails column sets nothing' {
        $f = New-Fleet -Count 1
        $row = [pscustomobject]@{ ThingName = $f.Things[0]; JobId = $f.Job; StatusDetails = 'reason=from-the-pipe' }
        $out = $row | Stop-IoTJobExecution
        $out.Status | Should -Be 'CANCELED'
        $out.StatusDetails.Count | Should -Be 0
    }

    It 'round-trips a canceled record through Import-Csv into Get-IoTJobExecution, matching the server' {
        $f = New-Fleet -Count 3
        $path = Join-Path $TestDrive 'record.csv'
        Get-IoTJobExecution -JobId $f.Job | Stop-IoTJobExecution | Export-Csv -Path $path
        $again = @(Import-Csv -Path $path | Get-IoTJobExecution)
        $again | Should -HaveCount 3
        $server = Get-ServerStatus $f.Job
        foreach ($e in $again) { "$($e.Status)" | Should -Be $server[$e.ThingName] }
        @(Import-Csv -Path $path).VersionNumber | Should -Be @($again.VersionNumber)
    }

    It 'writes a job''s Targets as ARNs separated by ";" and a thing''s Attributes as key=value pairs' {
        $f = New-Fleet -Count 2 -Attributes @{ site = 'berlin'; floor = '3' }
        $jobRow = Get-IoTJob -JobId $f.Job | ConvertTo-Csv | ConvertFrom-Csv
        @($jobRow.Targets -split ';') | Should -Be @($f.Things | ForEach-Object { "arn:aws:iot:us-east-1:123456789012:thing/$_" })
        @([IoTJobs.PowerShell.Output.StringList]$jobRow.Targets) | Should -Be @((Get-IoTJob -JobId $f.Job).Targets)
        $thingRow = Get-IoTThing -ThingName $f.Things[0] | ConvertTo-Csv | ConvertFrom-Csv
        $attributes = [IoTJobs.PowerShell.Output.StringMap]$thingRow.Attributes
        $attributes['site'] | Should -Be 'berlin'
        $attributes['floor'] | Should -Be '3'
    }

    It 'ConvertTo-Json writes maps as objects and lists as arrays, and ConvertFrom-Json gives them back' {
        $f = New-Fleet -Count 1 -Attributes @{ site = 'berlin' }
        $exec = Stop-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] -StatusDetails @{ reason = 'rollback' }
        $json = $exec | ConvertTo-Json | ConvertFrom-Json
        $json.StatusDetails.reason | Should -Be 'rollback'
        $json.StatusText | Should -Be 'CANCELED'
        $json.VersionNumber | Should -Be $exec.VersionNumber
        ([datetime]$json.LastUpdatedAt).ToUniversalTime() | Should -Be $exec.LastUpdatedAt.ToUniversalTime()
        (Get-IoTJob -JobId $f.Job | ConvertTo-Json | ConvertFrom-Json).Targets | Should -Be @("arn:aws:iot:us-east-1:123456789012:thing/$($f.Things[0])")
        (Get-IoTThing -ThingName $f.Things[0] | ConvertTo-Json | ConvertFrom-Json).Attributes.site | Should -Be 'berlin'
    }

    It 'StringMap text escapes ";", "=" and "\" and reads back exactly' {
        $map = [IoTJobs.PowerShell.Output.StringMap]::new([System.Collections.Generic.Dictionary[string, string]]@{})
        $map.ToString() | Should -Be ''
        $pairs = [System.Collections.Generic.List[System.Collections.Generic.KeyValuePair[string, string]]]::new()
        foreach ($p in @(('a', 'x;y'), ('b', 'p=q'), ('c', 'back\slash'), ('d', ' spaced '))) {
            $pairs.Add([System.Collections.Generic.KeyValuePair[string, string]]::new($p[0], $p[1]))
        }
        $text = [IoTJobs.PowerShell.Output.StringMap]::new($pairs).ToString()
        $text | Should -BeExactly 'a=x\;y;b=p=q;c=back\\slash;d= spaced '
        $back = [IoTJobs.PowerShell.Output.StringMap]::Parse($text)
        foreach ($p in $pairs) { $back[$p.Key] | Should -BeExactly $p.Value }
        { [IoTJobs.PowerShell.Output.StringMap]::Parse('a=1;a=2') } | Should -Throw -ExpectedMessage "*'a' appears twice*"
    }
}

Describe 'Default views at 80 columns (Out-String -Width 80)' {
    BeforeAll {
        $long = @(1..3 | ForEach-Object { "plant-berlin-line-4-station-12-sensor-000$_" })
        $f = New-Fleet -Names ($long | ForEach-Object { "$_-$([guid]::NewGuid().ToString('N').Substring(0, 4))" }) -InProgress 1 -Attributes @{ site = 'berlin' }
    }

    It '<Command> fits in 79 characters a line, one line a row, and the rows stay apart' -ForEach @(
        @{ Command = 'Get-IoTJobExecution'; Header = '^ThingName\s+JobId\s+Status\s+Version\s+LastUpdatedAt$' }
        @{ Command = 'Get-IoTThing'; Header = '^ThingName\s+ThingTypeName\s+Version\s+Region\s+Attributes$' }
        @{ Command = 'Get-IoTJob'; Header = '^JobId\s+Status\s+Queued\s+InProgress\s+LastUpdatedAt\s+Region$' }
    ) {
        $objects = switch ($Command) {
            'Get-IoTJobExecution' { Get-IoTJobExecution -JobId $f.Job }
            'Get-IoTThing' { Get-IoTThing -ThingTypeName $f.Type }
            'Get-IoTJob' { Get-IoTJob -JobId $f.Job }
        }
        $lines = @(($objects | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match $Header
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 79 }
        $rows = @($lines | Select-Object -Skip 2)
        $rows | Should -HaveCount @($objects).Count
        @($rows | ForEach-Object { ($_ -split '\s+')[0] } | Sort-Object -Unique) | Should -HaveCount @($objects).Count
    }

    It 'keeps the start and the end of a long name around an ellipsis' {
        $row = @((Get-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })[2]
        $cell = ($row -split '\s+')[0]
        $cell.Length | Should -Be 24
        $cell | Should -Match "^plant-ber\u2026"
        $f.Things[0].EndsWith($cell.Substring($cell.IndexOf([char]0x2026) + 1)) | Should -BeTrue
    }

    It 'Format-List * still shows every property in full' {
        $text = Get-IoTJobExecution -JobId $f.Job -ThingName $f.Things[0] | Format-List * | Out-String -Width 200
        foreach ($p in [IoTJobs.PowerShell.Output.JobExecution].GetProperties().Name) { $text | Should -Match "(?m)^$p\s+:" }
        $text | Should -Match ([regex]::Escape($f.Things[0]))
    }
}

Describe 'Thing names that start with "arn:"' {
    It 'cancels on a thing named <Name> (a legal thing name, not an ARN), and gets it by name' -ForEach @(
        @{ Name = 'arn:aws' }
        @{ Name = 'arn:aws:iot:us-east-1:123456789012:thing' }
    ) {
        $f = New-Fleet -Names @($Name, "other-$([guid]::NewGuid().ToString('N').Substring(0, 6))")
        $out = Stop-IoTJobExecution -JobId $f.Job -ThingName $Name
        $out.ThingName | Should -Be $Name
        $out.Status | Should -Be 'CANCELED'
        (Get-ServerStatus $f.Job)[$f.Things[1]] | Should -Be 'QUEUED'
        (Get-IoTJobExecution -ThingName $Name -JobId $f.Job).Status | Should -Be 'CANCELED'
        ([pscustomobject]@{ ThingName = $Name } | Get-IoTThing).ThingName | Should -Be $Name
    }

    It 'still reads a thing ARN as its name, and still refuses ARNs of another kind' {
        $f = New-Fleet -Count 1
        (Stop-IoTJobExecution -JobId $f.Job -ThingName "arn:aws:iot:us-east-1:123456789012:thing/$($f.Things[0])").ThingName | Should -Be $f.Things[0]
        { Stop-IoTJobExecution -JobId $f.Job -ThingName "arn:aws:iot:us-east-1:123456789012:thinggroup/g1" -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidThingName,IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
        { Get-IoTJob -JobId 'arn:aws' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*job*'
    }
}

Describe 'The console''s error view' {
    It 'shows the message, no "Recommendation: AWS request id"; the request id is on the exception' {
        $null = Get-IoTJob -JobId "no-such-job-$([guid]::NewGuid().ToString('N').Substring(0, 6))" -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].Exception.RequestId | Should -Match '^[0-9a-f-]{36}$'
        $err[0].ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
        $view = $err[0] | Out-String -Width 120
        $view | Should -Match 'was not found'
        $view | Should -Not -Match 'Recommendation'
        $view | Should -Not -Match ([regex]::Escape($err[0].Exception.RequestId))
    }
}
