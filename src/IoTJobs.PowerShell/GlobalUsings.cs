// The client's and the AWS facts' namespaces, for every file of the cmdlet project.
global using IoTJobs.Aws;
global using IoTJobs.Client;
global using IoTJobs.Client.Configuration;
global using IoTJobs.Client.Credentials;
global using IoTJobs.Client.Http;
global using IoTJobs.Client.Operations;
