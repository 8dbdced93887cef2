<#
.SYNOPSIS
The retry quota in a regional outage: 200 cancels through Stop-IoTJobExecution -ThrottleLimit 32 with AWS_MAX_ATTEMPTS=10
while the emulator answers every request with 503. Prints the time to fail every item and the requests sent (without a
quota, each item would make 10 attempts: 2,000 requests and minutes of backoff).
Run after a build: dotnet tool run pwsh -NoProfile -Command "Import-Module ./IoTJobs.psd1; ./tests/bench/Measure-OutageFailFast.ps1"
#>
Import-Module (Join-Path $PSScriptRoot "../pester/TestHelpers.psm1")
$emu = Start-TestEmulator
try {
    $things = 1..200 | ForEach-Object { "o-$_" }
    $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId 'outage' -ThingName $things
    $null = Invoke-RestMethod -Method Post "$($emu.Endpoint)/_emulator/outage?seconds=600"
    $env:AWS_MAX_ATTEMPTS = '10'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $errs = $null
    $out = $things | ForEach-Object { [pscustomobject]@{ ThingName = $_; JobId = 'outage' } } |
        Stop-IoTJobExecution -EndpointUrl $emu.Endpoint -Region us-east-1 -AccessKey test -SecretKey test -ThrottleLimit 32 -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
    $sw.Stop()
    $stats = Invoke-RestMethod "$($emu.Endpoint)/_emulator/stats"
    $quota = @($errs | Where-Object { $_.Exception.Message -match 'retry quota is used up' }).Count
    "200 cancels, -ThrottleLimit 32, AWS_MAX_ATTEMPTS=10, the region down throughout: {0:0.0} s, {1} CancelJobExecution requests (10 attempts each would be 2000), {2} errors ({3} say the retry quota is used up), {4} outputs" -f $sw.Elapsed.TotalSeconds, $stats.requests.CancelJobExecution, @($errs).Count, $quota, @($out).Count
} finally { Stop-TestEmulator $emu }
