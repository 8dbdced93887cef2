using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// ARNs given where names are taken. An ARN names a resource in its own region, so turning it into a bare name at
    /// binding, as PowerShell would through a transformation attribute, loses what it says: the same job id, thing or
    /// group exists in every region a rollout runs in, and the request would go to the default region's one. So the
    /// name parameters keep ARNs whole at binding (<see cref="ArnToNameAttribute"/> and
    /// <see cref="ThingGroupNameArgumentAttribute"/> only refuse the wrong kind), and each cmdlet turns them into names
    /// per item (<see cref="IoTJobsCmdlet.ResolveArnNames"/>), where the regions inside them decide the item's region:
    /// - an ARN's region is used when the command's region is a default;
    /// - one that disagrees with a typed -Region, with the piped object's own region, or with another ARN of the same
    ///   item is that item's RegionConflict, never a silent choice.
    /// </summary>
    internal static class ArnNames
    {
        // Per cmdlet type, its name parameters that take ARNs, and the converter for each.
        private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, ArnToNameAttribute Arns)[]> Parameters =
            new ConcurrentDictionary<Type, (PropertyInfo, ArnToNameAttribute)[]>();

        private static (PropertyInfo, ArnToNameAttribute)[] ParametersOf(Type type) => Parameters.GetOrAdd(type, t =>
            t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Property: p, Arns: p.GetCustomAttribute<ArnToNameAttribute>() ??
                    (p.GetCustomAttribute<ThingGroupNameArgumentAttribute>() != null ? ThingGroupNameArgumentAttribute.Arns : null)))
                .Where(x => x.Arns != null && (x.Property.PropertyType == typeof(string) || x.Property.PropertyType == typeof(string[])))
                .Select(x => (x.Property, x.Arns!))
                .ToArray());

        /// <summary>
        /// Turns every ARN the cmdlet's name parameters hold now into its name, in place, and adds the ARNs' regions to
        /// <paramref name="regions"/>. Values that are names already are left as they are.
        /// </summary>
        public static void Convert(PSCmdlet cmdlet, List<string> regions)
        {
            foreach (var (property, arns) in ParametersOf(cmdlet.GetType()))
            {
                switch (property.GetValue(cmdlet))
                {
                    case string one when IsArn(arns, one):
                        AddRegion(regions, one);
                        property.SetValue(cmdlet, arns.Convert(one));
                        break;
                    case string[] many when many.Any(v => v != null && IsArn(arns, v)):
                        foreach (var v in many) if (v != null) AddRegion(regions, v);
                        property.SetValue(cmdlet, many.Select(v => v == null ? v! : arns.Convert(v)).ToArray());
                        break;
                }
            }
        }

        private static bool IsArn(ArnToNameAttribute arns, string value) => arns.Convert(value) != value;

        /// <summary>Adds the region inside <paramref name="value"/>, when it is an IoT ARN with one (a name has none).</summary>
        public static void AddRegion(List<string> regions, string? value)
        {
            if (value != null && value.IndexOf('/') >= 0 && IoTNames.TryParseArn(value, out _, out _, out var region) &&
                region.Length > 0 && !regions.Contains(region))
                regions.Add(region);
        }

        /// <summary>
        /// Sets the cmdlet's Region for the current item from the regions of the ARNs it was named by (after
        /// <see cref="PipedRegion.Apply"/> set the object's or the command's). False, after writing the item's
        /// RegionConflict, when they disagree with each other, with the object's own region, or with a typed -Region.
        /// </summary>
        public static bool ApplyRegions(IoTJobsCmdlet cmdlet, object? piped, IReadOnlyList<string> regions)
        {
            if (regions.Count == 0) return true;
            if (regions.Count > 1)
                return Conflict(cmdlet, piped, $"The ARNs given name different regions ({string.Join(", ", regions)}); one command item acts in one region. Nothing was sent for it.");
            var arnRegion = regions[0];
            var region = cmdlet.Region;
            if (region == null || region == arnRegion)
            {
                cmdlet.Region = arnRegion;
                return true;
            }
            bool fromObject = PipedRegion.ObjectRegion(piped) != null;
            if (fromObject || cmdlet.CommandRegionExplicit)
            {
                return Conflict(cmdlet, piped,
                    $"The ARN names region {arnRegion}, but {(fromObject ? "the input object belongs to" : "-Region is")} {region}. Nothing was sent for it; give names, or ARNs of the region meant.");
            }
            cmdlet.WriteVerbose($"Using the ARN's region {arnRegion} instead of the default {region}: an ARN names a resource in its own region.");
            cmdlet.Region = arnRegion;
            return true;
        }

        private static bool Conflict(IoTJobsCmdlet cmdlet, object? piped, string message)
        {
            cmdlet.WriteItemError(new ErrorRecord(new ArgumentException(message), "RegionConflict", ErrorCategory.InvalidArgument, piped));
            return false;
        }
    }
}
