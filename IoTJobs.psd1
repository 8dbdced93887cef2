@{
    # Built by `dotnet build IoTJobs.PowerShell.sln`, which lays the assembly and its dependencies out in module/bin.
    RootModule           = 'module/bin/IoTJobs.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c7a4e-3b7d-4f3a-9d7e-2c1b8a6e4f10'
    Author               = 'IoTJobs contributors'
    CompanyName          = 'IoTJobs'
    Copyright            = '(c) IoTJobs contributors. Apache-2.0.'
    Description          = 'Cancel the right AWS IoT job executions, fast and safely: Stop-IoTJobExecution with pipeline binding, -Force under confirmation, -ExpectedVersion, and Get-IoTJobExecution / Get-IoTJob / Get-IoTThing to feed it.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/IoTJobs.format.ps1xml')
    CmdletsToExport      = @('Get-IoTJobExecution', 'Get-IoTJob', 'Get-IoTThing', 'Stop-IoTJobExecution')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('AWS', 'IoT', 'Jobs', 'IoTJobs', 'CancelJobExecution')
            ProjectUri = 'https://github.com/iotjobs/IoTJobs.PowerShell'
        }
    }
}
