# The child of each row of Credentials.Tests.ps1: the five cmdlets on the row's job, each with -Verbose, then one JSON
# line with what each wrote (and where the AWS SDK assemblies were loaded from).
param([string] $Module, [string] $JobId, [string] $ProfileName, [switch] $BareRunspace)
$ErrorActionPreference = 'Continue'
if ($BareRunspace) {
    # A runspace with no host at all, as a service or a scheduler would run it.
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$Module'; Get-IoTJob -JobId '$JobId' -ProfileName '$ProfileName' -Verbose")
    try { $null = $ps.Invoke() } catch { }
    [ordered]@{ 'Get-IoTJob' = @{ Output = @(); Verbose = @($ps.Streams.Verbose | ForEach-Object Message); Errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) } } |
        ConvertTo-Json -Depth 5 -Compress
    return
}
Import-Module $Module
$common = @{ Verbose = $true }
if ($ProfileName) { $common.ProfileName = $ProfileName }
$result = [ordered]@{}
function Invoke-Row([string] $Name, [scriptblock] $Command) {
    $all = @(& $Command *>&1)
    $result[$Name] = [ordered]@{
        Output = @($all | Where-Object { $_ -is [IoTJobs.PowerShell.Output.JobExecution] -or $_ -is [IoTJobs.PowerShell.Output.Job] -or $_ -is [IoTJobs.PowerShell.Output.Thing] } |
            ForEach-Object { if ($_ -is [IoTJobs.PowerShell.Output.Thing]) { "thing $($_.ThingName)" } else { "$($_.GetType().Name) $($_.StatusText)" } })
        Verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    }
}
Invoke-Row 'Get-IoTJobExecution' { Get-IoTJobExecution -JobId $JobId @common }
Invoke-Row 'Get-IoTJob' { Get-IoTJob -JobId $JobId @common }
Invoke-Row 'Get-IoTThing' { Get-IoTThing -ThingName "$JobId-t1" @common }
Invoke-Row 'Stop-IoTJobExecution' { Stop-IoTJobExecution -JobId $JobId -ThingName "$JobId-t1" -Confirm:$false @common }
Invoke-Row 'Stop-IoTJob' { Stop-IoTJob -JobId $JobId -Confirm:$false @common }
# Where the AWS SDK assemblies were loaded from: the module's private load context, never the shared default one.
$result['Loads'] = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -like 'AWSSDK.*' } | ForEach-Object {
    "$($_.GetName().Name) @ $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).GetType().Name)" } | Sort-Object)
$result | ConvertTo-Json -Depth 5 -Compress
