// The System namespaces the files of this project share.
global using System;
global using System.Collections;
global using System.Collections.Generic;
global using System.Linq;
global using System.Management.Automation;
global using System.Threading;
global using System.Threading.Tasks;
// The client's and the AWS facts' namespaces, and this project's own folders, for every file of the cmdlet project.
global using IoTJobs.Aws;
global using IoTJobs.Client;
global using IoTJobs.Client.Configuration;
global using IoTJobs.Client.Credentials;
global using IoTJobs.Client.Http;
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
// System.Management.Automation has a Job too; in this project Job is the IoT job.
global using Job = IoTJobs.PowerShell.Output.Job;
