// The client's settings namespace, for the tests that resolve client settings themselves (BadInputTests).
global using IoTJobs.Client.Configuration;
