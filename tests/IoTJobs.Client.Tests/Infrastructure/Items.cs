namespace IoTJobs.Client.Tests.Infrastructure;

public static class Items
{
    /// <summary>Every item of a lazy listing, in order.</summary>
    public static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }
}
