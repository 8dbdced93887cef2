using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Things in the registry: DescribeThing and ListThings.</summary>
    internal sealed class ThingOperations
    {
        private readonly IotRestJson _api;

        public ThingOperations(IotRestJson api) => _api = api;

        public async Task<ThingData> DescribeAsync(string thingName, CancellationToken cancellationToken)
        {
            Require(thingName, nameof(thingName));
            return await _api.ReadAsync("DescribeThing", HttpMethod.Get, $"things/{Label(thingName)}", null, null, ModelReader.Thing, cancellationToken)
                .ConfigureAwait(false);
        }

        public IAsyncEnumerable<ThingData> ListAsync(ListThingsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddPageSize(request.PageSize).AddIfSet("attributeName", request.AttributeName)
                .AddIfSet("attributeValue", request.AttributeValue).AddIfSet("thingTypeName", request.ThingTypeName)
                .AddBool("usePrefixAttributeValue", request.UsePrefixAttributeValue);
            return _api.ListAsync("ListThings", "things", query, Items("things", ModelReader.Thing), cancellationToken);
        }
    }
}
