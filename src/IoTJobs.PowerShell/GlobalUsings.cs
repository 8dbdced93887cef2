// The client's and the AWS facts' namespaces, for every file of the cmdlet project.
global using IoTJobs.Aws;
global using IoTJobs.Client;
