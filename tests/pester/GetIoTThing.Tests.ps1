# Get-IoTThing as users run it: the built module in a child pwsh against the emulator process.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $fqid = ',IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand'
    $arn = 'arn:aws:iot:us-east-1:123456789012'

    function Add-Things {
        param([string] $JobId, [string[]] $ThingName, [hashtable] $Attributes = @{}, [string] $ThingTypeName)
        $body = @{ jobId = $JobId; thingNames = $ThingName; attributes = $Attributes }
        if ($ThingTypeName) { $body.thingTypeName = $ThingTypeName }
        $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/seed" -Body ($body | ConvertTo-Json -Compress) -ContentType 'application/json'
    }
    function Get-RequestCount([string] $Operation) {
        $p = (Get-EmulatorStats -Endpoint $emu.Endpoint).requests.PSObject.Properties[$Operation]
        if ($p) { [long]$p.Value } else { 0L }
    }
    Add-Things -JobId job-berlin -ThingName berlin-1, berlin-2 -Attributes @{ site = 'berlin' } -ThingTypeName sensor
    Add-Things -JobId job-oslo -ThingName oslo-1 -Attributes @{ site = 'oslo' }
}

AfterAll { Stop-TestEmulator $emu }

Describe 'Get-IoTThing' {
    It 'describes several things' {
        $r = Get-IoTThing -ThingName berlin-1, oslo-1
        @($r.ThingName) | Should -Be @('berlin-1', 'oslo-1')
        $r[0].GetType().FullName | Should -Be 'IoTJobs.PowerShell.Output.Thing'
        $r[0].Attributes['site'] | Should -Be 'berlin'
        $r[0].Version | Should -Not -BeNullOrEmpty
        $r[0].Region | Should -Be 'us-east-1'
    }

    It 'lists things filtered by attribute and by type on the server' {
        @(Get-IoTThing -AttributeName site -AttributeValue berlin).ThingName | Should -Be @('berlin-1', 'berlin-2')
        @(Get-IoTThing -ThingTypeName sensor).ThingName | Should -Be @('berlin-1', 'berlin-2')
        @(Get-IoTThing).ThingName | Should -Contain 'oslo-1'
    }

    It 'pages and stops early under Select-Object -First' {
        $before = Get-RequestCount ListThings
        Get-IoTThing -PageSize 1 | Select-Object -First 2 | Should -HaveCount 2
        (Get-RequestCount ListThings) - $before | Should -Be 2
    }

    It 'binds piped strings, ARNs, CSV rows, job executions and AWS.Tools-shaped objects' {
        ('oslo-1' | Get-IoTThing).ThingName | Should -Be 'oslo-1'
        (Get-IoTThing -ThingName "$arn`:thing/oslo-1").ThingName | Should -Be 'oslo-1'
        ("ThingName`nberlin-2" | ConvertFrom-Csv | Get-IoTThing).ThingName | Should -Be 'berlin-2'
        @(Get-IoTJobExecution -JobId job-berlin | Get-IoTThing).ThingName | Should -Be @('berlin-1', 'berlin-2')
        ([pscustomobject]@{ ThingArn = "$arn`:thing/berlin-1" } | Get-IoTThing).ThingName | Should -Be 'berlin-1'
    }

    It 'pipes its things into Get-IoTJobExecution' {
        (Get-IoTThing -ThingName oslo-1 | Get-IoTJobExecution).JobId | Should -Be 'job-oslo'
        @(Get-IoTThing -ThingTypeName sensor | Get-IoTJobExecution).JobId | Should -Be @('job-berlin', 'job-berlin')
    }

    It 'writes ThingNotFound for a missing thing and goes on' {
        $r = 'no-such-thing', 'oslo-1' | Get-IoTThing -ErrorVariable err -ErrorAction SilentlyContinue
        $r.ThingName | Should -Be 'oslo-1'
        $err[0].FullyQualifiedErrorId | Should -Be "ThingNotFound$fqid"
        $err[0].TargetObject | Should -Be 'no-such-thing'
    }

    It 'validates before any request' {
        $before = Get-RequestCount DescribeThing
        { Get-IoTThing -ThingName 'bad thing' -ErrorAction Stop } | Should -Throw "*'bad thing'*"
        { Get-IoTThing -AttributeValue x } | Should -Throw -ErrorId "AttributeValueNeedsAttributeName$fqid"
        Get-RequestCount DescribeThing | Should -Be $before
    }

    It 'renders the default table' {
        $text = Get-IoTThing -ThingName berlin-1 | Out-String -Width 200
        foreach ($c in 'ThingName', 'ThingTypeName', 'Version', 'Region', 'Attributes') { $text | Should -Match $c }
        $text | Should -Match 'site=berlin'
    }
}
