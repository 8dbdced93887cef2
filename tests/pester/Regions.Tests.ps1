# A region of each partition, end to end: one emulator per region (--region: its ARNs carry that region's partition, and
# it accepts only requests signed for that region), all started at once, a job seeded in each, and the built module in
# this session. The default region stays us-east-1 (AWS_REGION), so a request that reaches another region's emulator was
# sent where its ARN said.

BeforeDiscovery {
    $script:partitions = @(
        @{ Region = 'us-east-1'; Partition = 'aws' }
        @{ Region = 'cn-north-1'; Partition = 'aws-cn' }
        @{ Region = 'us-gov-west-1'; Partition = 'aws-us-gov' }
        @{ Region = 'eusc-de-east-1'; Partition = 'aws-eusc' }
        @{ Region = 'us-iso-east-1'; Partition = 'aws-iso' }
        @{ Region = 'us-isob-east-1'; Partition = 'aws-iso-b' }
        @{ Region = 'eu-isoe-west-1'; Partition = 'aws-iso-e' }
        @{ Region = 'us-isof-south-1'; Partition = 'aws-iso-f' }
    )
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $account = '123456789012'
    $job = 'fw-regions'
    $script:Fq = ',IoTJobs.PowerShell.Cmdlets.StopIoTJobExecutionCommand'
}

Describe 'A region of each partition' -ForEach @(@{ Partitions = $partitions }) {
    BeforeAll {
        $emulators = @{}
        $started = Start-TestEmulatorSet -ArgumentSets @($Partitions | ForEach-Object { , @('--region', $_.Region, '--account', $account) })
        for ($i = 0; $i -lt $Partitions.Count; $i++) { $emulators[$Partitions[$i].Region] = $started[$i] }
        foreach ($region in $emulators.Keys) {
            $null = Invoke-EmulatorSeed -Endpoint $emulators[$region].Endpoint -JobId $job -ThingName 't-1', 't-2', 't-3', 't-4' -ThingTypeName 'regions'
        }
    }
    AfterAll { foreach ($e in $emulators.Values) { Stop-TestEmulator $e } }

    Context '<Region> (<Partition>)' -ForEach $Partitions {
        BeforeAll {
            $endpoint = $emulators[$Region].Endpoint
            $c = @{ EndpointUrl = $endpoint; AccessKey = 'test'; SecretKey = 'test' }
            $thing = { param($name) "arn:${Partition}:iot:${Region}:${account}:thing/$name" }
            function Get-Cancels { (Get-EmulatorStats -Endpoint $endpoint).requests.CancelJobExecution ?? 0 }
            function Get-ServerStatus([string] $ThingName) {
                (Invoke-RestMethod "$endpoint/_emulator/executions?jobId=$job").executions | Where-Object thingName -eq $ThingName | ForEach-Object status
            }
        }

        It 'Get-IoTJob -Region lists its jobs, with the partition in their ARNs' {
            $jobs = @(Get-IoTJob -Region $Region @c)
            $jobs.JobId | Should -Be @($job)
            $jobs[0].JobArn | Should -Be "arn:${Partition}:iot:${Region}:${account}:job/$job"
            $jobs[0].Region | Should -Be $Region
        }

        It 'a thing ARN typed as -ThingName acts in its region: Get-IoTJobExecution describes it there' {
            $e = Get-IoTJobExecution -JobId $job -ThingName (& $thing 't-1') @c
            $e.ThingName | Should -Be 't-1'
            $e.Region | Should -Be $Region
            $e.ThingArn | Should -Be (& $thing 't-1')
            "$($e.Status)" | Should -Be 'QUEUED'
        }

        It 'a thing ARN piped or typed: Stop-IoTJobExecution -WhatIf names region <Region> and sends nothing' {
            $before = Get-Cancels
            $transcript = Join-Path $TestDrive "whatif-$Region.txt"
            $null = Start-Transcript -Path $transcript
            (& $thing 't-2') | Stop-IoTJobExecution -JobId $job -WhatIf @c
            Stop-IoTJobExecution -JobId $job -ThingName (& $thing 't-3') -Force -WhatIf @c
            $null = Stop-Transcript
            $text = Get-Content -Raw $transcript
            $text | Should -Match ([regex]::Escape("What if: Canceling the execution of job '$job' on thing 't-2' (status unknown) in $Region."))
            $text | Should -Match ([regex]::Escape("What if: Force-canceling the execution of job '$job' on thing 't-3' (status unknown) in $Region."))
            Get-Cancels | Should -Be $before
            Get-ServerStatus 't-2' | Should -Be 'QUEUED'
            Get-ServerStatus 't-3' | Should -Be 'QUEUED'
        }

        It 'a piped thing ARN string cancels in its region' {
            $out = (& $thing 't-4') | Stop-IoTJobExecution -JobId $job @c
            $out.ThingName | Should -Be 't-4'
            $out.Region | Should -Be $Region
            "$($out.Status)" | Should -Be 'CANCELED'
            Get-ServerStatus 't-4' | Should -Be 'CANCELED'
        }

        It 'refuses a thing ARN whose partition is not <Region>''s, naming the ARN and what is valid, typed or piped' {
            $wrong = if ($Partition -eq 'aws') { 'aws-cn' } else { 'aws' }
            $arn = "arn:${wrong}:iot:${Region}:${account}:thing/t-1"
            $expected = "'$arn' is not a valid IoT ARN: its partition '$wrong' is not region $Region's ($Partition); a thing name or a thing ARN (arn:<partition>:iot:<region>:<account>:thing/<name>, the partition being the region's) was expected."
            $before = Get-Cancels

            $typed = { Get-IoTJobExecution -JobId $job -ThingName $arn @c } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,IoTJobs.PowerShell.Cmdlets.GetIoTJobExecutionCommand' -PassThru
            $typed.Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($expected))"

            $arn | Stop-IoTJobExecution -JobId $job -Confirm:$false @c -ErrorVariable piped -ErrorAction SilentlyContinue
            $piped | Should -HaveCount 1
            $piped[0].FullyQualifiedErrorId | Should -Be "InvalidPipedName$Fq"
            $piped[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($expected))*"

            [pscustomobject]@{ ThingArn = $arn; JobId = $job } | Stop-IoTJobExecution -Confirm:$false @c -ErrorVariable property -ErrorAction SilentlyContinue
            $property[0].FullyQualifiedErrorId | Should -Be "InvalidThingName$Fq"
            $property[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($expected))*"

            Get-Cancels | Should -Be $before
            Get-ServerStatus 't-1' | Should -Be 'QUEUED'
        }
    }
}
