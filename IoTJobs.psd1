@{
    # Built by `dotnet build IoTJobs.PowerShell.sln`, which lays the cmdlet assembly out in module/bin and its dependencies
    # (IoTJobs.Client, AWSSDK.Core, ...) in module/bin/deps, loaded into a private AssemblyLoadContext (see Isolation/).
    RootModule           = 'module/bin/IoTJobs.PowerShell.dll'
    # Run as the module is imported: one warning when a loaded module (AWS.Tools.IoT) already has these command names.
    NestedModules        = @('module/IoTJobs.NameClash.psm1')
    ModuleVersion        = '0.2.0'
    GUID                 = '5f0c7a4e-3b7d-4f3a-9d7e-2c1b8a6e4f10'
    Author               = 'IoTJobs contributors'
    CompanyName          = 'IoTJobs'
    Copyright            = '(c) IoTJobs contributors. Apache-2.0.'
    Description          = 'Cancel the right AWS IoT job executions, fast and safely: Stop-IoTJobExecution with pipeline binding, -Force under confirmation, -ExpectedVersion; Stop-IoTJob to cancel a whole job server-side; Get-IoTJobExecution / Get-IoTJob / Get-IoTThing to feed them.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/IoTJobs.format.ps1xml')
    CmdletsToExport      = @('Get-IoTJobExecution', 'Get-IoTJob', 'Get-IoTThing', 'Get-IoTThingGroup', 'Stop-IoTJobExecution', 'Stop-IoTJob')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            # Gallery metadata. CI tests PowerShell 7.6.9 (Core) on Linux x64 only.
            Tags         = @('AWS', 'IoT', 'Jobs', 'IoTJobs', 'CancelJobExecution', 'CancelJob', 'PSEdition_Core', 'Linux')
            ProjectUri   = 'https://github.com/iotjobs/IoTJobs.PowerShell'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = '0.2.0: one resolver, cancel engine and reporting path for every cmdlet (a thing never reaches a job-level cancel, an item that names no thing is never widened, an ARN acts only in its own region, partition and account, every applied cancel is reported before anything that ends the command, Outcome says Canceled or AlreadyCanceled); Get-IoTThing -Query over fleet indexing; a warning when IoTJobs hides AWS.Tools.IoT''s commands; every region of every AWS partition. Breaking: cmdlet types are IoTJobs.PowerShell.Cmdlets.* (FullyQualifiedErrorId) and output types IoTJobs.PowerShell.Output.*. 0.1.0: Stop-IoTJobExecution, Stop-IoTJob, Get-IoTJobExecution, Get-IoTJob, Get-IoTThing; tab completion; a local AWS IoT Jobs emulator for rehearsals.'
        }
    }
}
