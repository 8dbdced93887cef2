# Clock skew, both ways round and both directions: the emulator's clock 20 minutes ahead of and behind this machine
# (--clock-offset / POST /_emulator/clock), and the client's clock 20 minutes behind and ahead under faketime (libfaketime).
# In each case a fresh pwsh lists a job's executions and cancels them through the pipeline; the client corrects the
# skew from the service's answer (as AWSSDK.Core does), says so in -Verbose, and the emulator's store shows every
# execution CANCELED. With no retry allowed the error says to check the clock. faketime is installed by build.sh test
# when missing; without it those tests report themselves skipped.

BeforeDiscovery {
    $script:HaveFaketime = [bool](Get-Command faketime -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:HaveFaketime = [bool](Get-Command faketime -ErrorAction SilentlyContinue)
    $script:Psd1 = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
    $script:emu = Start-TestEmulator
    $script:Child = Join-Path $TestDrive 'skew-child.ps1'
    # Lists and cancels each job; between jobs it may move the emulator's clock. One JSON line back.
    Set-Content -Path $Child -Value @'
param([string] $Module, [string] $Endpoint, [string[]] $Steps)
$ErrorActionPreference = 'Continue'
Import-Module $Module
$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $Endpoint
$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
$out = [ordered]@{ ClientUtcNow = [DateTime]::UtcNow.ToString('o') }
foreach ($step in @($Steps -split ',')) {
    $job, $offset = $step -split '@'
    if ($offset) { $null = Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/clock?offset=$offset" }
    $all = @(& { Get-IoTJobExecution -JobId $job -Verbose | Stop-IoTJobExecution -Confirm:$false -Verbose } *>&1)
    $out[$job] = [ordered]@{
        Canceled = @($all | Where-Object { $_ -is [IoTJobs.PowerShell.Output.JobExecution] -and "$($_.Status)" -eq 'CANCELED' }).Count
        Verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    }
}
$out | ConvertTo-Json -Depth 5 -Compress
'@

    function script:Invoke-Child {
        param([string[]] $Steps, [string] $Faketime, [hashtable] $Env = @{})
        $exe = Join-Path $PSHOME 'pwsh'
        $psi = if ($Faketime) { [System.Diagnostics.ProcessStartInfo]::new('faketime') } else { [System.Diagnostics.ProcessStartInfo]::new($exe) }
        if ($Faketime) { $psi.ArgumentList.Add('-f'); $psi.ArgumentList.Add($Faketime); $psi.ArgumentList.Add($exe) }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $Child, '-Module', $Psd1, '-Endpoint', $emu.Endpoint, '-Steps', ($Steps -join ','))) { $psi.ArgumentList.Add($a) }
        foreach ($k in @($psi.Environment.Keys)) { if ($k -like 'AWS_*') { $null = $psi.Environment.Remove($k) } }
        $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
        $psi.Environment['AWS_CONFIG_FILE'] = '/dev/null'
        $psi.Environment['AWS_SHARED_CREDENTIALS_FILE'] = '/dev/null'
        # Timers and timeouts keep the real monotonic clock; only the wall clock is shifted.
        $psi.Environment['FAKETIME_DONT_FAKE_MONOTONIC'] = '1'
        foreach ($e in $Env.GetEnumerator()) { $psi.Environment[$e.Key] = $e.Value }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $o = $p.StandardOutput.ReadToEndAsync(); $e = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'the child pwsh did not finish in 120 s' }
        $json = @($o.Result -split "`r?`n" | Where-Object { $_.StartsWith('{') })[-1]
        if (-not $json) { throw "the child printed no result: $($o.Result) $($e.Result)" }
        $json | ConvertFrom-Json -AsHashtable
    }

    function script:New-Job([string] $JobId) {
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $JobId -ThingName @("$JobId-a", "$JobId-b", "$JobId-c")
    }
    function script:Get-ServerCanceled([string] $JobId) {
        (Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/executions?jobId=$JobId").statusCounts.CANCELED
    }
    function script:Set-EmulatorClock([string] $Offset) { $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/clock?offset=$Offset" }
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'The service''s clock 20 minutes off (emulator --clock-offset)' {
    It 'lists and cancels at +20 minutes, then at -20 minutes in the same session, correcting the skew each time' {
        New-Job 'skew-ahead'; New-Job 'skew-behind'
        $r = Invoke-Child -Steps @('skew-ahead@20m', 'skew-behind@-20m')
        Set-EmulatorClock '0'
        foreach ($job in 'skew-ahead', 'skew-behind') {
            $r[$job].Errors | Should -BeNullOrEmpty -Because $job
            $r[$job].Canceled | Should -Be 3
            Get-ServerCanceled $job | Should -Be 3
        }
        # The list call met the skew, corrected it and went on; the cancels that followed were signed right from the start.
        $ahead = @($r['skew-ahead'].Verbose | Where-Object { $_ -like 'Clock skew:*' })
        $ahead.Count | Should -Be 1
        $ahead[0] | Should -Match 'its clock is \+(19m5\d|20m0\d)s from this computer''s'
        $behind = @($r['skew-behind'].Verbose | Where-Object { $_ -like 'Clock skew:*' })
        $behind.Count | Should -Be 1
        $behind[0] | Should -Match 'its clock is -(19m5\d|20m0\d)s from this computer''s'
        @($r['skew-behind'].Verbose | Where-Object { $_ -match '^PUT .* -> 200 OK \(attempt 1/' }).Count | Should -Be 3
    }

    It 'with no retry allowed (AWS_MAX_ATTEMPTS=1) the error says to check this computer''s clock' {
        New-Job 'skew-noretry'
        Set-EmulatorClock '20m'
        try { $r = Invoke-Child -Steps @('skew-noretry') -Env @{ AWS_MAX_ATTEMPTS = '1' } } finally { Set-EmulatorClock '0' }
        $r['skew-noretry'].Canceled | Should -Be 0
        $errors = @($r['skew-noretry'].Errors)
        $errors.Count | Should -Be 1
        $errors[0] | Should -Match '^AccessDenied,IoTJobs\.PowerShell\.Cmdlets\.GetIoTJobExecutionCommand'
        $errors[0] | Should -Match 'Signature expired'
        $errors[0] | Should -Match "the service's clock said \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\. Check this computer's clock"
        $errors[0] | Should -Match "Check this computer's clock: .* The rest of this command's items in us-east-1 are not sent"
        $errors[0] | Should -Not -Match 'Check the credentials, region and endpoint'
        Get-ServerCanceled 'skew-noretry' | Should -BeNullOrEmpty
    }
}

Describe 'This computer''s clock 20 minutes off (faketime)' {
    It 'lists and cancels with the client clock <Shift> (faketime -f <Shift>)' -ForEach @(@{ Shift = '-20m'; Minutes = -20 }, @{ Shift = '+20m'; Minutes = 20 }) {
        if (-not $HaveFaketime) { Set-ItResult -Skipped -Because 'faketime (Debian package faketime) is not installed and could not be installed'; return }
        $job = 'faketime' + ($Shift -replace '[^0-9]', '') + $(if ($Minutes -lt 0) { 'behind' } else { 'ahead' })
        New-Job $job
        $r = Invoke-Child -Steps @($job) -Faketime $Shift
        $clientClock = [DateTime]::Parse($r.ClientUtcNow, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
        $shift = ($clientClock - [DateTime]::UtcNow).TotalMinutes
        if ([Math]::Abs($shift - $Minutes) -gt 2) { Set-ItResult -Skipped -Because "faketime did not shift the child's clock (it was $([Math]::Round($shift, 1)) min off)"; return }
        $r[$job].Errors | Should -BeNullOrEmpty
        $r[$job].Canceled | Should -Be 3
        Get-ServerCanceled $job | Should -Be 3
        $skew = @($r[$job].Verbose | Where-Object { $_ -like 'Clock skew:*' })
        $skew.Count | Should -Be 1
        # The service is ahead of a client that is behind, and the other way round.
        $skew[0] | Should -Match $(if ($Minutes -lt 0) { 'its clock is \+(19m5\d|20m0\d)s' } else { 'its clock is -(19m5\d|20m0\d)s' })
    }
}
