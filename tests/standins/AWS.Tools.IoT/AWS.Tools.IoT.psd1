@{
    # Test stand-in (tests/standins/AWS.Tools.IoT): AWS.Tools.IoT's name, the six command names it shares with IoTJobs and
    # one it does not (Get-IOTJobExecutionsForJobList).
    RootModule           = 'AWS.Tools.IoT.dll'
    ModuleVersion        = '5.0.0'
    GUID                 = '8b3f0d52-6c1e-4c57-9b55-1f6e0c9a7d21'
    Author               = 'IoTJobs contributors'
    Description          = 'Test stand-in for AWS.Tools.IoT: each cmdlet says which module ran and sends nothing.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    CmdletsToExport      = @('Get-IOTJob', 'Get-IOTJobExecution', 'Get-IOTThing', 'Get-IOTThingGroup', 'Stop-IOTJob', 'Stop-IOTJobExecution',
                             'Get-IOTJobExecutionsForJobList')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
