# A stand-in for AWS.Tools.IoT in the command-name tests: it exports the two names that AWS.Tools.IoT shares with IoTJobs
# (PowerShell matches command names case-insensitively: Stop-IOTJobExecution is Stop-IoTJobExecution) and says who answered.
# It sends nothing anywhere.

function Stop-IOTJobExecution {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipelineByPropertyName)] [string] $JobId,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $ThingName,
        [switch] $Force
    )
    process { [pscustomobject]@{ AnsweredBy = 'AWS.Tools.IoT stand-in'; Command = $MyInvocation.MyCommand.Name; JobId = $JobId; ThingName = $ThingName } }
}

function Get-IOTJobExecution {
    [CmdletBinding()]
    param([string] $JobId, [string] $ThingName)
    [pscustomobject]@{ AnsweredBy = 'AWS.Tools.IoT stand-in'; Command = $MyInvocation.MyCommand.Name; JobId = $JobId; ThingName = $ThingName }
}

Export-ModuleMember -Function Stop-IOTJobExecution, Get-IOTJobExecution
