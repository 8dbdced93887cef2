<#
.SYNOPSIS
The README demo: a bad firmware rollout, cancelled from PowerShell against the local emulator.
Starts the emulator on 127.0.0.1, seeds a fleet through the signed API (12 sensors, job fw-2026-11, 3 of them already
IN_PROGRESS on the device side), imports the module from the repository root and runs the admin's pipeline.
#>
param([Parameter(Mandatory)] [string] $EmulatorDll)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

Import-Module (Join-Path $root 'tests/pester/TestHelpers.psm1')
$env:IOTJOBS_EMULATOR_DLL = $EmulatorDll
# The command line's own pace for whole-job cancels (AWS's), as a user starting the emulator would get it.
$emulator = Start-TestEmulator -AwsPace
try {
    $endpoint = $emulator.Endpoint
    Write-Host "Emulator: $endpoint" -ForegroundColor Cyan

    # Seed through the real, signed API: CreateThing x12, CreateJob, and the devices' StartNextPendingJobExecution x3.
    & dotnet $EmulatorDll seed --endpoint $endpoint --job fw-2026-11 --thing-prefix sensor- --count 12 --in-progress 3 --thing-type sensor | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'seeding failed' }

    Import-Module (Join-Path $root 'IoTJobs.psd1')
    $PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $endpoint

    Write-Host "`nPS> Get-IoTJobExecution -JobId fw-2026-11" -ForegroundColor Yellow
    Get-IoTJobExecution -JobId fw-2026-11 | Format-Table | Out-Host

    Write-Host "PS> Get-IoTJobExecution -JobId fw-2026-11 | Stop-IoTJobExecution" -ForegroundColor Yellow
    Write-Host '    (QUEUED executions are canceled; IN_PROGRESS ones need -Force and are reported as errors)' -ForegroundColor DarkGray
    Get-IoTJobExecution -JobId fw-2026-11 | Stop-IoTJobExecution -ErrorAction Continue -ErrorVariable failed 2>$null | Format-Table | Out-Host
    foreach ($e in $failed) { Write-Host ("error {0}: {1}" -f $e.FullyQualifiedErrorId, $e.Exception.Message) -ForegroundColor Red }

    # The runbook form (-Confirm:$false) names the module: it must not reach AWS.Tools.IoT's command of the same name.
    Write-Host "`nPS> IoTJobs\Get-IoTJobExecution -JobId fw-2026-11 -Status IN_PROGRESS | IoTJobs\Stop-IoTJobExecution -Force -Confirm:`$false" -ForegroundColor Yellow
    IoTJobs\Get-IoTJobExecution -JobId fw-2026-11 -Status IN_PROGRESS | IoTJobs\Stop-IoTJobExecution -Force -Confirm:$false | Format-Table | Out-Host

    Write-Host "PS> Get-IoTJob -JobId fw-2026-11 | Format-List JobId, Status, *Count" -ForegroundColor Yellow
    Get-IoTJob -JobId fw-2026-11 | Format-List JobId, Status, *Count | Out-Host
}
finally {
    Stop-TestEmulator $emulator
    Write-Host 'Emulator stopped.' -ForegroundColor Cyan
}
