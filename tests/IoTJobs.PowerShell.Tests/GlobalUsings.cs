// What every test file uses: the system's, PowerShell's and xunit's namespaces, the emulator, the cmdlet project (its
// internals are visible here) and the client.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Management.Automation;
global using System.Threading;
global using System.Threading.Tasks;
global using IoTJobs.Emulator.Faults;
global using IoTJobs.Emulator.Handlers;
global using IoTJobs.Emulator.Hosting;
global using IoTJobs.Emulator.Http;
global using IoTJobs.Emulator.Store;
global using Xunit;
global using IoTJobs.Aws;
global using IoTJobs.Client;
global using IoTJobs.Client.Configuration;
global using IoTJobs.Client.Operations;
global using IoTJobs.PowerShell.Bulk;
global using IoTJobs.PowerShell.Cancel;
global using IoTJobs.PowerShell.Cmdlets;
global using IoTJobs.PowerShell.Host;
global using IoTJobs.PowerShell.Input;
global using IoTJobs.PowerShell.Input.Completion;
global using IoTJobs.PowerShell.Input.Parameters;
global using IoTJobs.PowerShell.Output;
global using IoTJobs.PowerShell.Reporting;
// The fixtures and fakes of this project, and what every test project shares.
global using IoTJobs.PowerShell.Tests.Support;
global using IoTJobs.TestSupport;
global using IoTJobs.TestSupport.Emulators;
global using IoTJobs.TestSupport.Http;
global using IoTJobs.TestSupport.Sessions;
// System.Management.Automation has a Job too; in this project Job is the IoT job.
global using Job = IoTJobs.PowerShell.Output.Job;
// The module's output types win over the emulator's of the same names, as they did when both tests and types were in IoTJobs.PowerShell.
global using JobExecutionStatus = IoTJobs.PowerShell.Output.JobExecutionStatus;
global using JobStatus = IoTJobs.PowerShell.Output.JobStatus;
