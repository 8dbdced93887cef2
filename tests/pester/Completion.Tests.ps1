# Tab completion of -JobId and -ThingName from the service, as a user at the prompt gets it (TabExpansion2), with the
# endpoint and credentials coming from $PSDefaultParameterValues or from the command line.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    $emu = Start-TestEmulator
    Set-TestDefaults -Endpoint $emu.Endpoint
    $tag = 'cp' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "$tag-fw-1" -ThingName "$tag-dev-1", "$tag-dev-2" -ThingTypeName 'completion-test'
    $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "$tag-fw-2" -ThingName "$tag-dev-1" -ThingTypeName 'completion-test'
    $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId "x$tag" -ThingName "x$tag" -ThingTypeName 'completion-test'

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'Tab completion from the service' {
    It 'completes -JobId of <Command> from the seeded jobs by prefix' -ForEach @(
        @{ Command = 'Get-IoTJob -JobId' }, @{ Command = 'Stop-IoTJob -JobId' }, @{ Command = 'Get-IoTJobExecution -JobId' }
    ) {
        Get-Completion "$Command $tag-fw" | Should -Be @("$tag-fw-1", "$tag-fw-2")
    }

    It 'completes -ThingName of <Command> from the seeded things by prefix' -ForEach @(
        @{ Command = 'Get-IoTThing -ThingName' }, @{ Command = 'Get-IoTJobExecution -ThingName' }
    ) {
        Get-Completion "$Command $tag-dev" | Should -Be @("$tag-dev-1", "$tag-dev-2")
    }

    It 'uses an -EndpointUrl typed on the command line over the defaults' {
        $saved = $PSDefaultParameterValues['*-IoT*:EndpointUrl']
        try {
            $PSDefaultParameterValues['*-IoT*:EndpointUrl'] = 'http://127.0.0.1:9'
            Get-Completion "Get-IoTJob -EndpointUrl $($emu.Endpoint) -JobId $tag-fw-2" | Should -Be @("$tag-fw-2")
        } finally { $PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $saved }
    }

    It 'an unreachable endpoint completes nothing, quickly, and writes no error' {
        $errorsBefore = $Error.Count
        $port = Get-FreeTcpPort
        $elapsed = Measure-Command { $script:r = Get-Completion "Stop-IoTJob -EndpointUrl http://127.0.0.1:$port -JobId s" }
        $r | Should -BeNullOrEmpty   # no fallback to file names either
        $elapsed.TotalSeconds | Should -BeLessThan 3
        $Error.Count | Should -Be $errorsBefore
    }

    It '-Status completes the service''s values' {
        Get-Completion 'Get-IoTJobExecution -Status IN' | Should -Be @('IN_PROGRESS')
        Get-Completion 'Get-IoTJob -Status C' | Should -Be @('CANCELED', 'COMPLETED')
    }
}
