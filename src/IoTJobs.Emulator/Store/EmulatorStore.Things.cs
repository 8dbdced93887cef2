using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Things: CreateThing (idempotent), DescribeThing, ListThings.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>CreateThing: idempotent when the same type and attributes are given, else ResourceAlreadyExistsException.</summary>
    public ThingSnapshot CreateThing(string thingName, string? thingTypeName = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        Validation.ThingName(thingName);
        if (thingTypeName != null) Validation.ThingName(thingTypeName, "thingTypeName");
        Validation.Attributes(attributes, "attributePayload.attributes");
        lock (_gate)
        {
            Tick();
            if (_things.TryGetValue(thingName, out var existing))
            {
                bool same = existing.TypeName == thingTypeName && SameAttributes(existing.Attributes, attributes);
                if (!same)
                    throw new EmulatorApiException(409, "ResourceAlreadyExistsException",
                        $"Thing {thingName} already exists in account with different attributes",
                        w => { w.WriteString("resourceId", existing.Id); w.WriteString("resourceArn", existing.Arn); });
                return Snap(existing);
            }
            var t = new ThingRecord
            {
                Name = thingName,
                Arn = ThingArn(thingName),
                Id = Guid.NewGuid().ToString(),
                TypeName = thingTypeName,
                Attributes = attributes == null ? new(StringComparer.Ordinal) : new(attributes, StringComparer.Ordinal),
                Seq = ++_seq,
            };
            _things.Add(thingName, t);
            _thingOrder.Add(t);
            return Snap(t);
        }
    }

    public ThingSnapshot DescribeThing(string thingName)
    {
        Validation.ThingName(thingName);
        lock (_gate)
        {
            Tick();
            return Snap(GetThing(thingName));
        }
    }

    public Page<ThingSnapshot> ListThings(string? attributeName, string? attributeValue, string? thingTypeName,
        bool usePrefixAttributeValue, long afterSeq, int maxResults)
    {
        lock (_gate)
        {
            Tick();
            return PageOf(_thingOrder, t => t.Seq, afterSeq, maxResults, t =>
                    (thingTypeName == null || t.TypeName == thingTypeName) &&
                    (attributeName == null || (t.Attributes.TryGetValue(attributeName, out var v) &&
                        (attributeValue == null || (usePrefixAttributeValue ? v.StartsWith(attributeValue, StringComparison.Ordinal) : v == attributeValue)))),
                Snap);
        }
    }
}
