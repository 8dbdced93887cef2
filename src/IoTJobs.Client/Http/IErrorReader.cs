namespace IoTJobs.Client.Http
{
    /// <summary>How a protocol (IoT's rest-json, STS's query XML) turns an error answer into a <see cref="Failure"/>.</summary>
    internal interface IErrorReader
    {
        Failure Read(string operation, HttpAnswer answer);
    }
}
