# Get-IoTThing -Query (fleet indexing) through the built module against the emulator's SearchIndex: a query's things
# piped into Stop-IoTJobExecution cancel exactly the selected devices' executions (checked on the server), for queries
# by attribute, by shadow value and by connectivity; a query result never reaches a whole-job cancel; piped input
# beside -Query runs no query; a multi-page query under SearchIndex's own rate limit completes; the README's
# fleet-indexing rehearsal runs as written; and in a real terminal (tmux) Tab completes a query's field and the
# query's table fits 80 columns.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/Terminal.psm1" -Force
    $script:NoTmux = -not (Test-Tmux)
    $script:NoAwsCli = -not (Get-Command aws -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/Terminal.psm1" -Force
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    Import-Module "$PSScriptRoot/../../module/help/HelpTools.psm1" -Force   # Enable-EmulatorFleetIndexing, ConvertTo-ComparableOutput
    $root = (Resolve-Path "$PSScriptRoot/../..").Path

    function New-Tag { 'q' + [guid]::NewGuid().ToString('N').Substring(0, 7) }

    function New-QueryFleet {
        <#
        Things <tag>-1..n with attribute case=<tag>, each with its own site, reported firmware and connection (one
        entry of -Devices each: @{ Site; Fw; Online }), and a job fw-<tag> QUEUED on all of them. Returns Tag, Job, Things.
        #>
        param([Parameter(Mandatory)] [string] $Endpoint, [Parameter(Mandatory)] [hashtable[]] $Devices)
        $tag = New-Tag
        $things = @(for ($i = 1; $i -le $Devices.Count; $i++) { "$tag-$i" })
        for ($i = 0; $i -lt $Devices.Count; $i++) {
            $d = $Devices[$i]
            $body = @{ thingNames = @($things[$i]); thingTypeName = 'sensor'; attributes = @{ case = $tag; site = $d.Site }; shadowReported = @{ fw = $d.Fw } }
            if ($d.Online) { $body.connected = @($things[$i]) } else { $body.disconnected = @($things[$i]); $body.disconnectReason = 'CONNECTION_LOST' }
            $null = Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/seed" -Body ($body | ConvertTo-Json -Depth 5 -Compress) -ContentType 'application/json'
        }
        $null = Invoke-EmulatorSeed -Endpoint $Endpoint -JobId "fw-$tag" -ThingName $things
        [pscustomobject]@{ Tag = $tag; Job = "fw-$tag"; Things = $things }
    }

    function Get-RequestCount([string] $Endpoint, [string] $Operation) { (Get-EmulatorStats -Endpoint $Endpoint).requests.$Operation ?? 0 }
}

Describe 'Get-IoTThing -Query | Stop-IoTJobExecution cancels exactly what the query selects' {
    BeforeAll {
        $emu = Start-TestEmulator
        $ep = $emu.Endpoint
        Enable-EmulatorFleetIndexing -Endpoint $ep
        Set-TestDefaults -Endpoint $ep
        # Six devices: by site, firmware and connection, each query below selects a different mix.
        $devices = @(
            @{ Site = 'ber'; Fw = '1.2.3'; Online = $true }, @{ Site = 'ber'; Fw = '1.2.4'; Online = $false }, @{ Site = 'ham'; Fw = '1.2.3'; Online = $false }
            @{ Site = 'ber'; Fw = '1.2.3'; Online = $true }, @{ Site = 'ham'; Fw = '1.2.4'; Online = $true }, @{ Site = 'ham'; Fw = '1.2.3'; Online = $false }
        )
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'by <By> (<Query>): the selected devices'' executions are CANCELED, every other one is still QUEUED' -ForEach @(
        @{ By = 'attribute'; Query = 'attributes.site:ber'; Selected = @(1, 2, 4) }
        @{ By = 'shadow value'; Query = 'shadow.reported.fw:1.2.3'; Selected = @(1, 3, 4, 6) }
        @{ By = 'connectivity'; Query = 'connectivity.connected:false'; Selected = @(2, 3, 6) }
        @{ By = 'site and connectivity'; Query = 'attributes.site:ham AND NOT connectivity.connected:true'; Selected = @(3, 6) }
    ) {
        $f = New-QueryFleet -Endpoint $ep -Devices $devices
        $selected = @($Selected | ForEach-Object { $f.Things[$_ - 1] })
        $query = "attributes.case:$($f.Tag) AND ($Query)"

        # The preview sends no cancel.
        $cancels = Get-RequestCount $ep 'CancelJobExecution'
        $preview = Get-IoTThing -Query $query | Stop-IoTJobExecution -JobId $f.Job -WhatIf
        $preview | Should -BeNullOrEmpty
        Get-RequestCount $ep 'CancelJobExecution' | Should -Be $cancels
        @((Get-ServerExecutionStatus -Endpoint $ep -JobId $f.Job).Values | Sort-Object -Unique) | Should -Be @('QUEUED')

        $out = @(Get-IoTThing -Query $query | Stop-IoTJobExecution -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        @($out.ThingName | Sort-Object) | Should -Be @($selected | Sort-Object)
        @($out | ForEach-Object { "$($_.Status)" } | Sort-Object -Unique) | Should -Be @('CANCELED')
        $server = Get-ServerExecutionStatus -Endpoint $ep -JobId $f.Job
        foreach ($t in $f.Things) { $server[$t] | Should -Be $(if ($t -in $selected) { 'CANCELED' } else { 'QUEUED' }) -Because "$t is $(if ($t -notin $selected) { 'not ' })selected by $Query" }
    }

    It 'a query result is a thing, never a job: Stop-IoTJob refuses each one and the job runs on' {
        $f = New-QueryFleet -Endpoint $ep -Devices $devices[0..2]
        Get-IoTThing -Query "attributes.case:$($f.Tag)" | Stop-IoTJob -JobId $f.Job -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        @($err | ForEach-Object FullyQualifiedErrorId) | Should -Be @(1..3 | ForEach-Object { 'ThingPipedToStopJob,IoTJobs.PowerShell.Cmdlets.StopIoTJobCommand' })
        $err[0].Exception.Message | Should -Match ([regex]::Escape("Stop-IoTJobExecution -JobId $($f.Job)"))
        Get-IoTThing -Query "attributes.case:$($f.Tag)" | Stop-IoTJob -Confirm:$false -ErrorVariable err2 -ErrorAction SilentlyContinue
        @($err2 | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) | Should -Be @('MissingJobId')
        "$((Get-IoTJob -JobId $f.Job).Status)" | Should -Be 'IN_PROGRESS'
        @((Get-ServerExecutionStatus -Endpoint $ep -JobId $f.Job).Values | Sort-Object -Unique) | Should -Be @('QUEUED')
    }

    It 'piped input beside -Query is an error for each item, and no query is sent' {
        $f = New-QueryFleet -Endpoint $ep -Devices $devices[0..1]
        $searches = Get-RequestCount $ep 'SearchIndex'
        $out = $f.Things | Get-IoTThing -Query "attributes.case:$($f.Tag)" -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err | ForEach-Object FullyQualifiedErrorId) | Should -Be @(1..2 | ForEach-Object { 'PipedInputWithQuery,IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand' })
        @($err | ForEach-Object TargetObject) | Should -Be $f.Things
        Get-RequestCount $ep 'SearchIndex' | Should -Be $searches
    }

    It 'Select-Object -First stops the paging: one SearchIndex request for the first of many pages' {
        $f = New-QueryFleet -Endpoint $ep -Devices $devices
        $searches = Get-RequestCount $ep 'SearchIndex'
        @(Get-IoTThing -Query "attributes.case:$($f.Tag)" -PageSize 2 | Select-Object -First 2).ThingName | Should -Be $f.Things[0..1]
        Get-RequestCount $ep 'SearchIndex' | Should -Be ($searches + 1)
    }
}

Describe 'SearchIndex''s own rate limit (emulator --rate-limit SearchIndex=2)' {
    BeforeAll {
        $emu = Start-TestEmulator -ExtraArgs @('--rate-limit', 'SearchIndex=2')
        Enable-EmulatorFleetIndexing -Endpoint $emu.Endpoint
        Set-TestDefaults -Endpoint $emu.Endpoint
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'a 15-page query completes without a Throttled error: the client paces SearchIndex' {
        $tag = New-Tag
        $things = @(1..30 | ForEach-Object { '{0}-{1:00}' -f $tag, $_ })
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -ContentType 'application/json' -Body (
            @{ thingNames = $things; attributes = @{ case = $tag }; connected = $things } | ConvertTo-Json -Depth 5 -Compress)
        $found = @(Get-IoTThing -Query "attributes.case:$tag" -PageSize 2 -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        $found.ThingName | Should -Be $things
        $requests = Get-RequestCount $emu.Endpoint 'SearchIndex'
        $requests | Should -BeGreaterOrEqual 15
        # For the record: how many of them the emulator throttled (and the client retried).
        Set-Content -Path (Join-Path $root 'out/test-results/searchindex-rate-limit.txt') -Value "30 things, 15 pages, $requests SearchIndex requests at SearchIndex=2/s" -ErrorAction SilentlyContinue
    }
}

Describe 'The README''s fleet-indexing rehearsal, as written' -Skip:$NoAwsCli {
    BeforeAll {
        $readme = Get-Content -Raw (Join-Path $root 'README.md')
        $section = [regex]::Match($readme, '(?ms)^### Rehearsal: stop a rollout on the offline devices of one site.*?(?=^##)').Value
        $blocks = @([regex]::Matches($section, '(?ms)^```\w*\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
        # The shell block, continued lines joined; the session block, as PS> commands each followed by its output.
        $shell = @(($blocks[0] -replace '\\\n\s*', ' ') -split "`n" | Where-Object { $_.Trim() })
        $steps = @([regex]::Matches($blocks[1], '(?ms)^PS> ([^\n]*)\n(.*?)(?=^PS> |\z)') | ForEach-Object { [pscustomobject]@{ Command = $_.Groups[1].Value; Output = $_.Groups[2].Value } })
        $emu = Start-TestEmulator
        $ep = $emu.Endpoint
        $dll = Get-EmulatorDll
    }
    AfterAll { Stop-TestEmulator $emu }

    It 'seeds the emulator and turns indexing on with the README''s shell lines' {
        $section | Should -Not -BeNullOrEmpty
        # The first line starts the emulator; this test has started it on a free port instead of 5000.
        $shell[0] | Should -Be 'iotjobs-emulator --port 5000 &'
        $shell.Count | Should -Be 4
        foreach ($line in $shell[1..($shell.Count - 1)]) {
            $command = $line.Replace('http://127.0.0.1:5000', $ep) -replace '^iotjobs-emulator ', "dotnet '$dll' "
            $psi = [System.Diagnostics.ProcessStartInfo]::new('bash')
            foreach ($a in '-c', $command) { $psi.ArgumentList.Add($a) }
            # Only what the line itself sets: no key, region or endpoint of this test process.
            foreach ($k in @($psi.Environment.Keys | Where-Object { $_ -like 'AWS_*' })) { $null = $psi.Environment.Remove($k) }
            foreach ($k in 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE') { $psi.Environment[$k] = '/dev/null' }
            $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
            $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
            $p = [System.Diagnostics.Process]::Start($psi)
            $out = $p.StandardOutput.ReadToEndAsync(); $errText = $p.StandardError.ReadToEnd(); $p.WaitForExit()
            $p.ExitCode | Should -Be 0 -Because "'$line' failed: $($out.Result) $errText"
        }
        (Get-ServerExecutionStatus -Endpoint $ep -JobId 'fw-2027-01').Count | Should -Be 10
    }

    It 'prints what the README shows at each PS> step, previews without sending, and cancels only the offline BER devices' {
        $steps.Count | Should -Be 6
        $work = Join-Path $TestDrive 'readme-rehearsal'
        $null = New-Item -ItemType Directory -Force -Path $work
        ConvertTo-Json -InputObject @($steps | ForEach-Object { $_.Command.Replace('http://127.0.0.1:5000', $ep) }) | Set-Content (Join-Path $work 'steps.json')
        Set-Content (Join-Path $work 'run.ps1') -Value @"
`$ProgressPreference = 'SilentlyContinue'
`$PSStyle.OutputRendering = 'PlainText'
`$env:AWS_EC2_METADATA_DISABLED = 'true'; `$env:AWS_CONFIG_FILE = '/dev/null'; `$env:AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
Import-Module '$((Join-Path $root 'IoTJobs.psd1').Replace("'", "''"))'
foreach (`$step in (Get-Content -Raw ./steps.json | ConvertFrom-Json)) {
    [Console]::Out.WriteLine('#### STEP')
    . ([scriptblock]::Create(`$step)) *>&1 | Out-String -Stream -Width 80
}
[Console]::Out.WriteLine("#### ERRORS `$(`$Error.Count) `$(`$Error | Out-String)")
"@
        $cancels = Get-RequestCount $ep 'CancelJobExecution'
        $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-Command dotnet -CommandType Application | Select-Object -First 1).Source)
        foreach ($a in (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', (Join-Path $work 'run.ps1')) { $psi.ArgumentList.Add($a) }
        $psi.WorkingDirectory = $work
        foreach ($k in @($psi.Environment.Keys | Where-Object { $_ -like 'AWS_*' })) { $null = $psi.Environment.Remove($k) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        $stderr = $p.StandardError.ReadToEndAsync(); $stdout = $p.StandardOutput.ReadToEnd(); $p.WaitForExit()
        $parts = $stdout -split '(?m)^#### STEP\r?\n'
        $parts[-1] | Should -Match '#### ERRORS 0 ' -Because "the steps wrote no error: $stdout $($stderr.Result)"
        $printed = @($parts | Select-Object -Skip 1 | ForEach-Object { ($_ -split '(?m)^#### ERRORS')[0] })
        $printed.Count | Should -Be $steps.Count
        for ($i = 0; $i -lt $steps.Count; $i++) {
            ((ConvertTo-ComparableOutput $printed[$i]) -join "`n") | Should -Be ((ConvertTo-ComparableOutput $steps[$i].Output) -join "`n") -Because "'PS> $($steps[$i].Command)' printed:`n$($printed[$i])"
        }

        Get-RequestCount $ep 'CancelJobExecution' | Should -Be ($cancels + 3) -Because 'the -WhatIf preview sent no cancel'
        $server = Get-ServerExecutionStatus -Endpoint $ep -JobId 'fw-2027-01'
        foreach ($i in 1..10) { $server["ber-$i"] | Should -Be $(if ($i -ge 8) { 'CANCELED' } else { 'QUEUED' }) -Because "ber-$i is $(if ($i -lt 8) { 'connected' } else { 'offline' })" }
    }
}

Describe 'A query in a real terminal: Tab completes the field, the table fits 80 columns' -Skip:$NoTmux {
    BeforeAll {
        $emu = Start-TestEmulator
        Enable-EmulatorFleetIndexing -Endpoint $emu.Endpoint
        $tag = New-Tag
        # Long names that differ only at the end: the view must still tell the rows apart.
        $things = @(1..3 | ForEach-Object { "$tag-building-7-floor-3-sensor-temperature-000$_" })
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -ContentType 'application/json' -Body (
            @{ thingNames = $things; thingTypeName = "$tag-temperature-sensor-v2"; attributes = @{ site = 'ber'; floor = '3' }
               connected = @($things[0]); disconnected = @($things[1], $things[2]); disconnectReason = 'CONNECTION_LOST' } | ConvertTo-Json -Depth 5 -Compress)
        $term = Start-Terminal -Width 80 -Height 40 -Directory (Join-Path $TestDrive 'query') -Environment @{
            AWS_ACCESS_KEY_ID = 'test'; AWS_SECRET_ACCESS_KEY = 'test'; AWS_REGION = 'us-east-1'
        } -Setup @(
            "`$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = '$($emu.Endpoint)'"
            # The same line typed in an earlier run would show as a grey inline prediction on the screen.
            'Set-PSReadLineOption -PredictionSource None -HistorySaveStyle SaveNothing'
        )
    }
    AfterAll {
        Stop-Terminal $term
        Stop-TestEmulator $emu
    }

    It 'Tab completes connectivity. then connectivity.connected inside the open quote, and the query''s table shows who is offline since when' {
        $from = $term.Prompt
        Send-TerminalText $term "Get-IoTThing -Query 'conn"
        $null = Wait-TerminalInputLine $term "Get-IoTThing -Query 'conn"
        Send-TerminalKey $term Tab   # three fields share connectivity.: PSReadLine completes the common part
        $null = Wait-TerminalInputLine $term "Get-IoTThing -Query 'connectivity."
        Send-TerminalText $term 'con'
        Send-TerminalKey $term Tab
        $null = Wait-TerminalInputLine $term "Get-IoTThing -Query 'connectivity.connected"
        Save-TerminalScreen 'query-after-tab' (Get-TerminalScreen $term)
        Send-TerminalText $term ":false'"
        Send-TerminalKey $term Enter
        Wait-TerminalPrompt $term
        $out = Get-TerminalOutput $term -From $from
        Save-TerminalScreen 'view-80-thing-query' $out

        # The rows as the terminal shows them (not joined: a wrapped row would show as two), from the table's header on.
        $rows = @([regex]::Match($out, '(?ms)^ThingName\s.*').Value -split "`n" | Where-Object { $_.Trim() -and $_ -notmatch '^IoTJobsTest>' })
        $rows[0] | Should -Match '^ThingName\s+ThingTypeName\s+Connected\s+Since\s+Attributes$'
        $data = @($rows | Select-Object -Skip 2)
        $data | Should -HaveCount 2
        foreach ($row in $data) {
            $row.Length | Should -BeLessOrEqual 79
            $row | Should -Match '^\S+…\S+\s+\S+…\S+\s+False\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+floor=3;'
        }
        foreach ($i in 2, 3) { @($data | Where-Object { ($_ -split '\s+')[0].EndsWith("-000$i") }) | Should -HaveCount 1 }
    }
}
