// The client's namespaces for every test file; RetryPolicy is ours, not Amazon.Runtime's.
global using IoTJobs.Client.Configuration;
global using IoTJobs.Client.Credentials;
global using IoTJobs.Client.Http;
global using IoTJobs.Client.Operations;
global using IoTJobs.Client.Retry;
global using IoTJobs.TestSupport.Http;
global using RetryPolicy = IoTJobs.Client.Retry.RetryPolicy;
